// Parallel-beam back-projection and forward projection for Daybreak's tomography, launched by
// GpuTomography.java (beside this file). Conventions are those of org.daybreak.tomo.ParallelBeamGeometry and of
// the CPU Backprojector / ForwardProjector: pixel (y, x) of a size x size slice meets the padded detector row at
// d = start[a][y] + x * cos[a] (start = centre + PAD - (y - r) sin - r cos, computed on the host in double as
// ParallelBeamGeometry.rowStart does), and only columns range[a][y].x .. range[a][y].y take part at angle a
// (inside the reconstruction circle, d within the detector), exactly the columns the CPU code visits.
//
// Layout (all C order, float32):
//   sino  [group][angle][paddedDetectors] float4 : four slices side by side (slice 4 * group + k in component k)
//   image [group][y][x] float4                    : the same four slices
//   start [angle][y] float, range [angle][y] int2, cosines [angle] float
// Launch geometry: block 32 x 8 threads over (x, y); grid ceil(size/32) x ceil(size/8) x groups; one thread per
// pixel and group of four slices. Warps share y, so start/range/cosines loads are broadcasts.
//
// Arithmetic: the __fmul_rn/__fadd_rn intrinsics forbid fused multiply-adds, so each thread computes exactly the
// float operations of the Java port in the tests (TomoKernelPort), operation for operation.

#define PAD 2

extern "C" __global__ void backproject4(const float4* __restrict__ sino, const float* __restrict__ start,
        const int2* __restrict__ range, const float* __restrict__ cosines, float4* __restrict__ image, int size,
        int angles, int paddedDetectors, float scale)
{
    int x = blockIdx.x * blockDim.x + threadIdx.x;
    int y = blockIdx.y * blockDim.y + threadIdx.y;
    if (x >= size || y >= size) {
        return;
    }
    const float4* s = sino + (size_t) blockIdx.z * angles * paddedDetectors;
    float fx = (float) x;
    float4 acc = make_float4(0.0f, 0.0f, 0.0f, 0.0f);
    for (int a = 0; a < angles; a++) {
        int2 r = range[a * size + y];
        if (x < r.x || x > r.y) {
            continue;
        }
        float d = __fadd_rn(start[a * size + y], __fmul_rn(fx, cosines[a]));
        int i = (int) d;
        float w = __fsub_rn(d, (float) i);
        float w0 = __fsub_rn(1.0f, w);
        float4 v0 = s[a * paddedDetectors + i];
        float4 v1 = s[a * paddedDetectors + i + 1];
        acc.x = __fadd_rn(acc.x, __fadd_rn(__fmul_rn(w0, v0.x), __fmul_rn(w, v1.x)));
        acc.y = __fadd_rn(acc.y, __fadd_rn(__fmul_rn(w0, v0.y), __fmul_rn(w, v1.y)));
        acc.z = __fadd_rn(acc.z, __fadd_rn(__fmul_rn(w0, v0.z), __fmul_rn(w, v1.z)));
        acc.w = __fadd_rn(acc.w, __fadd_rn(__fmul_rn(w0, v0.w), __fmul_rn(w, v1.w)));
    }
    image[((size_t) blockIdx.z * size + y) * size + x] = make_float4(__fmul_rn(acc.x, scale),
            __fmul_rn(acc.y, scale), __fmul_rn(acc.z, scale), __fmul_rn(acc.w, scale));
}

// The adjoint: every pixel spreads its value over the two bins around d with weights (1 - w, w), as
// ForwardProjector does (v - w v and w v). sino must be zeroed first; sums arrive by atomicAdd, so their order
// (and the last bits) may differ from run to run. Same layout and launch geometry as backproject4.
extern "C" __global__ void forwardproject4(const float4* __restrict__ image, const float* __restrict__ start,
        const int2* __restrict__ range, const float* __restrict__ cosines, float* __restrict__ sino, int size,
        int angles, int paddedDetectors)
{
    int x = blockIdx.x * blockDim.x + threadIdx.x;
    int y = blockIdx.y * blockDim.y + threadIdx.y;
    if (x >= size || y >= size) {
        return;
    }
    float4 v = image[((size_t) blockIdx.z * size + y) * size + x];
    float* s = sino + (size_t) blockIdx.z * angles * paddedDetectors * 4;
    float fx = (float) x;
    for (int a = 0; a < angles; a++) {
        int2 r = range[a * size + y];
        if (x < r.x || x > r.y) {
            continue;
        }
        float d = __fadd_rn(start[a * size + y], __fmul_rn(fx, cosines[a]));
        int i = (int) d;
        float w = __fsub_rn(d, (float) i);
        float* b = s + ((size_t) a * paddedDetectors + i) * 4;
        atomicAdd(b + 0, __fsub_rn(v.x, __fmul_rn(w, v.x)));
        atomicAdd(b + 1, __fsub_rn(v.y, __fmul_rn(w, v.y)));
        atomicAdd(b + 2, __fsub_rn(v.z, __fmul_rn(w, v.z)));
        atomicAdd(b + 3, __fsub_rn(v.w, __fmul_rn(w, v.w)));
        atomicAdd(b + 4, __fmul_rn(w, v.x));
        atomicAdd(b + 5, __fmul_rn(w, v.y));
        atomicAdd(b + 6, __fmul_rn(w, v.z));
        atomicAdd(b + 7, __fmul_rn(w, v.w));
    }
}

// SIRT residual: ax = (b - ax) * rowInverse over [group][angle][bin][4], zero in the pad bins (they carry no
// measurement). One thread per float; 256 threads per block, 1-D grid.
extern "C" __global__ void sirtResidual(float* __restrict__ ax, const float* __restrict__ b,
        const float* __restrict__ rowInverse, int angles, int paddedDetectors, long long total)
{
    long long e = (long long) blockIdx.x * blockDim.x + threadIdx.x;
    if (e >= total) {
        return;
    }
    long long cell = (e >> 2) % ((long long) angles * paddedDetectors);
    int bin = (int) (cell % paddedDetectors);
    ax[e] = (bin < PAD || bin >= paddedDetectors - PAD) ? 0.0f
            : __fmul_rn(__fsub_rn(b[e], ax[e]), rowInverse[cell]);
}

// SIRT update: x += columnInverse * update over [group][y][x][4]. One thread per float; 256 per block.
extern "C" __global__ void sirtUpdate(float* __restrict__ x, const float* __restrict__ update,
        const float* __restrict__ columnInverse, int pixels, long long total)
{
    long long e = (long long) blockIdx.x * blockDim.x + threadIdx.x;
    if (e >= total) {
        return;
    }
    x[e] = __fadd_rn(x[e], __fmul_rn(columnInverse[(e >> 2) % pixels], update[e]));
}
