namespace Weir.TestKit;

/// <summary>Implement on a test class so that <c>Tell</c> in the test body has no sender (instead of <c>TestActor</c>).</summary>
public interface INoImplicitSender;
