using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace Inbox.Core.Duplicates;

/// <summary>
/// Asks the processor to start loading a location into its cache. A lookup at a million documents reads a
/// few thousand scattered slots; asking for all of them first and reading them afterwards lets the memory
/// misses overlap instead of waiting for each in turn. Only a hint: if the object moves, nothing breaks.
/// </summary>
internal static unsafe class Prefetch
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Of<T>(ref T location)
    {
        if (Sse.IsSupported) Sse.Prefetch0(Unsafe.AsPointer(ref location));
    }

    /// <summary>The start of an object (its first fields).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Object(object o)
    {
        if (Sse.IsSupported) Sse.Prefetch0((void*)Unsafe.As<object, nint>(ref o));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Of(int[] array)
    {
        if (Sse.IsSupported && array.Length > 0) Sse.Prefetch0(Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(array)));
    }
}
