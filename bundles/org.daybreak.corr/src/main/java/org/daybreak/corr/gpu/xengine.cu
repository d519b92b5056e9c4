// The integer X-engine of Daybreak's correlator on a GPU, launched by GpuXEngine.java (beside this file): for every
// dump, channel and baseline (i, j), i <= j, V_ij = sum over the dump's spectra of x_i conj(x_j), exactly, with
// the baseline order and output of org.daybreak.corr.XEngine (row by row: (0,0), (0,1), ..., (1,1), ...).
//
// Input layout (packed on the host from the CPU layout [time][channel][input][2] int8):
//   words [dump][channel][pair][input] uint32, one word per input and pair of spectra (2p, 2p+1) of the dump:
//   bytes (re_2p, im_2p, re_2p+1, im_2p+1), little-endian; a dump of odd length ends with a zero spectrum.
// Output: [dump][channel][baseline][2] int64 (re, im).
//
// Arithmetic (dp4a = four int8 products summed into an int32; sm_61 and newer):
//   re  += dp4a(P_i, P_j)                              re_i re_j + im_i im_j over both spectra
//   pos += dp4a(S_i, P_j & 0x00ff00ff)                 im_i re_j          (S = bytes of P swapped in pairs)
//   neg += dp4a(S_i, P_j & 0xff00ff00)                 re_i im_j,   im = pos - neg
// Every int8 value is accepted, -128 included (no negation of a byte). Per pair of spectra each dp4a adds at most
// 2 * 128 * 128 = 2^15 in magnitude, so the int32 sums are exact for FLUSH = 16384 pairs (2^30); they are then
// added into int64 accumulators, exact for any dump length the host accepts.
//
// Launch geometry: block 128 threads, each owning a tile of 2 x 2 baselines (inputs 2ti, 2ti+1 by 2tj, 2tj+1,
// ti <= tj; tiles in row order); grid x = ceil(tiles / 128), grid y = channels, grid z = dumps. A block stages
// `chunk` pairs x inputs words of its channel in shared memory (chunk * inputs * 4 bytes, dynamic), then every
// thread runs over them. The per-thread arithmetic is ported line for line in the tests (XEngineKernelPort).

#define FLUSH 16384

extern "C" __global__ void xengine_dp4a(const unsigned int* __restrict__ words, long long* __restrict__ out,
        int inputs, int channels, int pairs, int tiles, int chunk)
{
    extern __shared__ unsigned int staged[];
    int channel = blockIdx.y;
    int dump = blockIdx.z;
    int tile = blockIdx.x * blockDim.x + threadIdx.x;
    // tile -> (ti, tj), ti <= tj, row by row over T = ceil(inputs / 2) tile rows
    int t = (inputs + 1) / 2;
    int ti = 0, rest = tile;
    while (ti < t && rest >= t - ti) {
        rest -= t - ti;
        ti++;
    }
    int tj = ti + rest;
    bool active = tile < tiles;
    int i0 = 2 * ti, j0 = 2 * tj;
    const unsigned int* src = words + ((size_t) dump * channels + channel) * (size_t) pairs * inputs;
    long long re64[4] = {0, 0, 0, 0}, im64[4] = {0, 0, 0, 0};
    int re[4] = {0, 0, 0, 0}, pos[4] = {0, 0, 0, 0}, neg[4] = {0, 0, 0, 0};
    int sinceFlush = 0;
    for (int p0 = 0; p0 < pairs; p0 += chunk) {
        int n = min(chunk, pairs - p0);
        __syncthreads();
        for (int e = threadIdx.x; e < n * inputs; e += blockDim.x) {
            staged[e] = src[(size_t) p0 * inputs + e];
        }
        __syncthreads();
        if (active) {
            for (int p = 0; p < n; p++) {
                const unsigned int* row = staged + p * inputs;
                unsigned int a0 = row[i0];
                unsigned int a1 = i0 + 1 < inputs ? row[i0 + 1] : 0u;
                unsigned int b0 = row[j0];
                unsigned int b1 = j0 + 1 < inputs ? row[j0 + 1] : 0u;
                unsigned int s0 = __byte_perm(a0, 0, 0x2301);
                unsigned int s1 = __byte_perm(a1, 0, 0x2301);
                unsigned int b0r = b0 & 0x00ff00ffu, b0i = b0 & 0xff00ff00u;
                unsigned int b1r = b1 & 0x00ff00ffu, b1i = b1 & 0xff00ff00u;
                re[0] = __dp4a((int) a0, (int) b0, re[0]);
                pos[0] = __dp4a((int) s0, (int) b0r, pos[0]);
                neg[0] = __dp4a((int) s0, (int) b0i, neg[0]);
                re[1] = __dp4a((int) a0, (int) b1, re[1]);
                pos[1] = __dp4a((int) s0, (int) b1r, pos[1]);
                neg[1] = __dp4a((int) s0, (int) b1i, neg[1]);
                re[2] = __dp4a((int) a1, (int) b0, re[2]);
                pos[2] = __dp4a((int) s1, (int) b0r, pos[2]);
                neg[2] = __dp4a((int) s1, (int) b0i, neg[2]);
                re[3] = __dp4a((int) a1, (int) b1, re[3]);
                pos[3] = __dp4a((int) s1, (int) b1r, pos[3]);
                neg[3] = __dp4a((int) s1, (int) b1i, neg[3]);
                if (++sinceFlush == FLUSH) {
                    for (int k = 0; k < 4; k++) {
                        re64[k] += re[k];
                        im64[k] += (long long) pos[k] - neg[k];
                        re[k] = 0;
                        pos[k] = 0;
                        neg[k] = 0;
                    }
                    sinceFlush = 0;
                }
            }
        }
    }
    if (!active) {
        return;
    }
    int nb = inputs * (inputs + 1) / 2;
    long long* o = out + ((size_t) dump * channels + channel) * (size_t) nb * 2;
    for (int k = 0; k < 4; k++) {
        int i = i0 + (k >> 1);
        int j = j0 + (k & 1);
        if (i < inputs && j < inputs && i <= j) {
            int b = i * inputs - i * (i - 1) / 2 + (j - i);
            o[2 * b] = re64[k] + re[k];
            o[2 * b + 1] = im64[k] + ((long long) pos[k] - neg[k]);
        }
    }
}
