namespace Weir.Engine.Flows;

/// <summary>How full a <see cref="LocalBuffer"/> and its <see cref="LocalBufferPool"/> are.</summary>
/// <param name="Frames">Frames held in the buffer.</param>
/// <param name="UsedBytes">Bytes of the buffer's arena written (frame bytes plus a small header per frame).</param>
/// <param name="CapacityBytes">Size of the buffer's arena (the pool's buffer size, also before one is rented).</param>
/// <param name="PoolRentedBytes">Bytes of the pool's arenas currently rented by any buffer.</param>
/// <param name="PoolCapacityBytes">Bytes of all the pool's arenas.</param>
public readonly record struct LocalBufferUsage(int Frames, long UsedBytes, long CapacityBytes, long PoolRentedBytes, long PoolCapacityBytes)
{
    /// <summary>Used fraction of the buffer (0–1).</summary>
    public double Fraction => CapacityBytes == 0 ? 0 : (double)UsedBytes / CapacityBytes;

    /// <summary>Rented fraction of the pool (0–1).</summary>
    public double PoolFraction => PoolCapacityBytes == 0 ? 0 : (double)PoolRentedBytes / PoolCapacityBytes;
}
