using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Cranio.Learning;

/// <summary>
/// The few float SIMD operations the convolution kernels use, as static members of a struct type, so that one
/// generic kernel is compiled by the JIT once per vector width (<see cref="Float512"/>, <see cref="Float256"/>).
/// </summary>
internal unsafe interface IFloatVector<TSelf> where TSelf : struct, IFloatVector<TSelf>
{
    /// <summary>Lanes per vector.</summary>
    static abstract int Count { get; }

    /// <summary>Whether the hardware runs this width natively, with fused multiply–add.</summary>
    static abstract bool IsSupported { get; }

    /// <summary>All lanes zero.</summary>
    static abstract TSelf Zero { get; }

    /// <summary>Unaligned load of <see cref="Count"/> floats.</summary>
    static abstract TSelf Load(float* source);

    /// <summary>Unaligned store of <see cref="Count"/> floats.</summary>
    static abstract void Store(TSelf value, float* destination);

    /// <summary>Every lane = <paramref name="value"/>.</summary>
    static abstract TSelf Broadcast(float value);

    /// <summary>a·b + c, fused.</summary>
    static abstract TSelf MultiplyAdd(TSelf a, TSelf b, TSelf c);

    /// <summary>Sum of the lanes.</summary>
    static abstract float Sum(TSelf value);
}

/// <summary>A 512-bit vector of 16 floats (AVX-512F).</summary>
internal unsafe struct Float512 : IFloatVector<Float512>
{
    private Vector512<float> _v;

    public static int Count => Vector512<float>.Count;
    public static bool IsSupported => Vector512.IsHardwareAccelerated;
    public static Float512 Zero { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => default; }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Float512 Load(float* source) => new() { _v = Vector512.Load(source) };

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Float512 value, float* destination) => value._v.Store(destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Float512 Broadcast(float value) => new() { _v = Vector512.Create(value) };

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Float512 MultiplyAdd(Float512 a, Float512 b, Float512 c) => new() { _v = Vector512.FusedMultiplyAdd(a._v, b._v, c._v) };

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sum(Float512 value) => Vector512.Sum(value._v);
}

/// <summary>A 256-bit vector of 8 floats (AVX2 + FMA).</summary>
internal unsafe struct Float256 : IFloatVector<Float256>
{
    private Vector256<float> _v;

    public static int Count => Vector256<float>.Count;
    public static bool IsSupported => Vector256.IsHardwareAccelerated && System.Runtime.Intrinsics.X86.Fma.IsSupported;
    public static Float256 Zero { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => default; }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Float256 Load(float* source) => new() { _v = Vector256.Load(source) };

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Float256 value, float* destination) => value._v.Store(destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Float256 Broadcast(float value) => new() { _v = Vector256.Create(value) };

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Float256 MultiplyAdd(Float256 a, Float256 b, Float256 c) => new() { _v = Vector256.FusedMultiplyAdd(a._v, b._v, c._v) };

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sum(Float256 value) => Vector256.Sum(value._v);
}
