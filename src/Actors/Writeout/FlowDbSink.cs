using Weir.Engine.Flows;
using Weir.Engine.Storage;

namespace Weir.Actors.Writeout;

/// <summary>The flow database as a <see cref="IFlowBlockSink"/>: opens a <see cref="FlowDbWriter"/> on first use.</summary>
public sealed class FlowDbSink : IFlowBlockSink
{
    private readonly string _root;
    private readonly FlowDbWriterOptions? _options;
    private FlowDbWriter? _writer;

    /// <summary>A sink writing under <paramref name="root"/>.</summary>
    public FlowDbSink(string root, FlowDbWriterOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        _root = root;
        _options = options;
    }

    /// <inheritdoc/>
    public void Write(FlowBlock block)
    {
        ArgumentNullException.ThrowIfNull(block);
        _writer ??= new FlowDbWriter(_root, _options);
        _writer.Write(block);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _writer?.Dispose();
        _writer = null;
    }
}
