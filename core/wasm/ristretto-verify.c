// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * BallotLedger verification kernel: ristretto255 (RFC 9496) decoding, encoding, point addition and
 * a variable-time multi-scalar multiplication, compiled to WebAssembly (no libc, no imports).
 *
 * PUBLIC DATA ONLY. Everything here is variable-time: it is used by the verifier, on ballots,
 * proofs and keys that are public, never by the prover or on secrets.
 *
 * Field: GF(2^255 - 19) in radix 2^25.5 (ten limbs of 26, 25, 26, ... bits, as in ref10), limbs
 * kept non-negative and carried after every operation, products in 64-bit. Points: extended
 * twisted Edwards coordinates (X:Y:Z:T), a = -1, formulas add-2008-hwcd-3 / dbl-2008-hwcd.
 * Ristretto equality with the identity: X = 0 or Y = 0.
 *
 * Build: core/wasm/build.sh (clang --target=wasm32). The JS side (src/fast/kernel.ts) checks the
 * kernel against @noble/curves when it loads; the differential tests compare both on random and
 * adversarial inputs.
 */
#include <stdint.h>

typedef int32_t fe[10];
typedef struct { fe X, Y, Z, T; } pt;

#define MAXPTS 131072
#define M26 0x3ffffffu
#define M25 0x1ffffffu

static pt PTS[MAXPTS];
static uint8_t IN[32];
static uint8_t OUT[32];
static int32_t IDX[MAXPTS];
static uint32_t SC[MAXPTS * 8];
static uint8_t NEG[MAXPTS];
static uint8_t CARRY[MAXPTS];
static pt BUCKETS[1 << 15];
static pt WSUM[260];

__attribute__((export_name("mem_in"))) uint8_t *mem_in(void) { return IN; }
__attribute__((export_name("mem_out"))) uint8_t *mem_out(void) { return OUT; }
__attribute__((export_name("mem_idx"))) int32_t *mem_idx(void) { return IDX; }
__attribute__((export_name("mem_sc"))) uint32_t *mem_sc(void) { return SC; }
__attribute__((export_name("mem_neg"))) uint8_t *mem_neg(void) { return NEG; }
__attribute__((export_name("max_points"))) int32_t max_points(void) { return MAXPTS; }

/* ---------------------------------------------------------------- field */

/*
 * Bounds (as in ref10): a "carried" element has |h_i| <= 1.01 * 2^25 (even i) / 2^24 (odd i);
 * fe_add / fe_sub / fe_neg of carried elements are "loose" (at most 2.02 * 2^25 / 2^24), and
 * fe_mul / fe_sq accept inputs up to 1.65 * 2^26 / 2^25 (so one loose level, or a loose minus a
 * carried element) and return carried elements. Every chain below respects this.
 */
static void fe_carry_wide(fe h, int64_t h0, int64_t h1, int64_t h2, int64_t h3, int64_t h4,
                          int64_t h5, int64_t h6, int64_t h7, int64_t h8, int64_t h9) {
  int64_t c0, c1, c2, c3, c4, c5, c6, c7, c8, c9;
  c0 = (h0 + (int64_t)(1 << 25)) >> 26; h1 += c0; h0 -= c0 * ((int64_t)1 << 26);
  c4 = (h4 + (int64_t)(1 << 25)) >> 26; h5 += c4; h4 -= c4 * ((int64_t)1 << 26);
  c1 = (h1 + (int64_t)(1 << 24)) >> 25; h2 += c1; h1 -= c1 * ((int64_t)1 << 25);
  c5 = (h5 + (int64_t)(1 << 24)) >> 25; h6 += c5; h5 -= c5 * ((int64_t)1 << 25);
  c2 = (h2 + (int64_t)(1 << 25)) >> 26; h3 += c2; h2 -= c2 * ((int64_t)1 << 26);
  c6 = (h6 + (int64_t)(1 << 25)) >> 26; h7 += c6; h6 -= c6 * ((int64_t)1 << 26);
  c3 = (h3 + (int64_t)(1 << 24)) >> 25; h4 += c3; h3 -= c3 * ((int64_t)1 << 25);
  c7 = (h7 + (int64_t)(1 << 24)) >> 25; h8 += c7; h7 -= c7 * ((int64_t)1 << 25);
  c4 = (h4 + (int64_t)(1 << 25)) >> 26; h5 += c4; h4 -= c4 * ((int64_t)1 << 26);
  c8 = (h8 + (int64_t)(1 << 25)) >> 26; h9 += c8; h8 -= c8 * ((int64_t)1 << 26);
  c9 = (h9 + (int64_t)(1 << 24)) >> 25; h0 += c9 * 19; h9 -= c9 * ((int64_t)1 << 25);
  c0 = (h0 + (int64_t)(1 << 25)) >> 26; h1 += c0; h0 -= c0 * ((int64_t)1 << 26);
  h[0] = (int32_t)h0; h[1] = (int32_t)h1; h[2] = (int32_t)h2; h[3] = (int32_t)h3; h[4] = (int32_t)h4;
  h[5] = (int32_t)h5; h[6] = (int32_t)h6; h[7] = (int32_t)h7; h[8] = (int32_t)h8; h[9] = (int32_t)h9;
}

/* Brings a loose element back to carried form. */
static void fe_carry(fe h) {
  fe_carry_wide(h, h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7], h[8], h[9]);
}

static void fe_copy(fe h, const fe f) { for (int i = 0; i < 10; i++) h[i] = f[i]; }
static void fe_0(fe h) { for (int i = 0; i < 10; i++) h[i] = 0; }
static void fe_1(fe h) { fe_0(h); h[0] = 1; }
static void fe_add(fe h, const fe f, const fe g) { for (int i = 0; i < 10; i++) h[i] = f[i] + g[i]; }
static void fe_sub(fe h, const fe f, const fe g) { for (int i = 0; i < 10; i++) h[i] = f[i] - g[i]; }
static void fe_neg(fe h, const fe f) { for (int i = 0; i < 10; i++) h[i] = -f[i]; }

static void fe_mul(fe h, const fe f, const fe g) {
  int64_t f0 = f[0], f1 = f[1], f2 = f[2], f3 = f[3], f4 = f[4], f5 = f[5], f6 = f[6], f7 = f[7], f8 = f[8], f9 = f[9];
  int64_t g0 = g[0], g1 = g[1], g2 = g[2], g3 = g[3], g4 = g[4], g5 = g[5], g6 = g[6], g7 = g[7], g8 = g[8], g9 = g[9];
  int64_t g1_19 = 19 * g1, g2_19 = 19 * g2, g3_19 = 19 * g3, g4_19 = 19 * g4, g5_19 = 19 * g5, g6_19 = 19 * g6, g7_19 = 19 * g7, g8_19 = 19 * g8, g9_19 = 19 * g9;
  int64_t f1_2 = 2 * f1, f3_2 = 2 * f3, f5_2 = 2 * f5, f7_2 = 2 * f7, f9_2 = 2 * f9;
  int64_t h0 = f0 * g0 + f1_2 * g9_19 + f2 * g8_19 + f3_2 * g7_19 + f4 * g6_19 + f5_2 * g5_19 + f6 * g4_19 + f7_2 * g3_19 + f8 * g2_19 + f9_2 * g1_19;
  int64_t h1 = f0 * g1 + f1 * g0 + f2 * g9_19 + f3 * g8_19 + f4 * g7_19 + f5 * g6_19 + f6 * g5_19 + f7 * g4_19 + f8 * g3_19 + f9 * g2_19;
  int64_t h2 = f0 * g2 + f1_2 * g1 + f2 * g0 + f3_2 * g9_19 + f4 * g8_19 + f5_2 * g7_19 + f6 * g6_19 + f7_2 * g5_19 + f8 * g4_19 + f9_2 * g3_19;
  int64_t h3 = f0 * g3 + f1 * g2 + f2 * g1 + f3 * g0 + f4 * g9_19 + f5 * g8_19 + f6 * g7_19 + f7 * g6_19 + f8 * g5_19 + f9 * g4_19;
  int64_t h4 = f0 * g4 + f1_2 * g3 + f2 * g2 + f3_2 * g1 + f4 * g0 + f5_2 * g9_19 + f6 * g8_19 + f7_2 * g7_19 + f8 * g6_19 + f9_2 * g5_19;
  int64_t h5 = f0 * g5 + f1 * g4 + f2 * g3 + f3 * g2 + f4 * g1 + f5 * g0 + f6 * g9_19 + f7 * g8_19 + f8 * g7_19 + f9 * g6_19;
  int64_t h6 = f0 * g6 + f1_2 * g5 + f2 * g4 + f3_2 * g3 + f4 * g2 + f5_2 * g1 + f6 * g0 + f7_2 * g9_19 + f8 * g8_19 + f9_2 * g7_19;
  int64_t h7 = f0 * g7 + f1 * g6 + f2 * g5 + f3 * g4 + f4 * g3 + f5 * g2 + f6 * g1 + f7 * g0 + f8 * g9_19 + f9 * g8_19;
  int64_t h8 = f0 * g8 + f1_2 * g7 + f2 * g6 + f3_2 * g5 + f4 * g4 + f5_2 * g3 + f6 * g2 + f7_2 * g1 + f8 * g0 + f9_2 * g9_19;
  int64_t h9 = f0 * g9 + f1 * g8 + f2 * g7 + f3 * g6 + f4 * g5 + f5 * g4 + f6 * g3 + f7 * g2 + f8 * g1 + f9 * g0;
  fe_carry_wide(h, h0, h1, h2, h3, h4, h5, h6, h7, h8, h9);
}

static void fe_sq(fe h, const fe f) {
  int64_t f0 = f[0], f1 = f[1], f2 = f[2], f3 = f[3], f4 = f[4], f5 = f[5], f6 = f[6], f7 = f[7], f8 = f[8], f9 = f[9];
  int64_t h0 = f0 * f0 + 76 * f1 * f9 + 38 * f2 * f8 + 76 * f3 * f7 + 38 * f4 * f6 + 38 * f5 * f5;
  int64_t h1 = 2 * f0 * f1 + 38 * f2 * f9 + 38 * f3 * f8 + 38 * f4 * f7 + 38 * f5 * f6;
  int64_t h2 = 2 * f0 * f2 + 2 * f1 * f1 + 76 * f3 * f9 + 38 * f4 * f8 + 76 * f5 * f7 + 19 * f6 * f6;
  int64_t h3 = 2 * f0 * f3 + 2 * f1 * f2 + 38 * f4 * f9 + 38 * f5 * f8 + 38 * f6 * f7;
  int64_t h4 = 2 * f0 * f4 + 4 * f1 * f3 + f2 * f2 + 76 * f5 * f9 + 38 * f6 * f8 + 38 * f7 * f7;
  int64_t h5 = 2 * f0 * f5 + 2 * f1 * f4 + 2 * f2 * f3 + 38 * f6 * f9 + 38 * f7 * f8;
  int64_t h6 = 2 * f0 * f6 + 4 * f1 * f5 + 2 * f2 * f4 + 2 * f3 * f3 + 76 * f7 * f9 + 19 * f8 * f8;
  int64_t h7 = 2 * f0 * f7 + 2 * f1 * f6 + 2 * f2 * f5 + 2 * f3 * f4 + 38 * f8 * f9;
  int64_t h8 = 2 * f0 * f8 + 4 * f1 * f7 + 2 * f2 * f6 + 4 * f3 * f5 + f4 * f4 + 38 * f9 * f9;
  int64_t h9 = 2 * f0 * f9 + 2 * f1 * f8 + 2 * f2 * f7 + 2 * f3 * f6 + 2 * f4 * f5;
  fe_carry_wide(h, h0, h1, h2, h3, h4, h5, h6, h7, h8, h9);
}

/* Canonical representative in [0, p), limbs in [0, 2^26) / [0, 2^25) (ref10 fe_tobytes). */
static void fe_reduce(fe out, const fe f) {
  fe t;
  fe_copy(t, f);
  fe_carry(t);
  int32_t h0 = t[0], h1 = t[1], h2 = t[2], h3 = t[3], h4 = t[4], h5 = t[5], h6 = t[6], h7 = t[7], h8 = t[8], h9 = t[9];
  int32_t q = (19 * h9 + (((int32_t)1) << 24)) >> 25;
  q = (h0 + q) >> 26; q = (h1 + q) >> 25; q = (h2 + q) >> 26; q = (h3 + q) >> 25; q = (h4 + q) >> 26;
  q = (h5 + q) >> 25; q = (h6 + q) >> 26; q = (h7 + q) >> 25; q = (h8 + q) >> 26; q = (h9 + q) >> 25;
  h0 += 19 * q;
  int32_t c;
  c = h0 >> 26; h1 += c; h0 -= c * ((int32_t)1 << 26);
  c = h1 >> 25; h2 += c; h1 -= c * ((int32_t)1 << 25);
  c = h2 >> 26; h3 += c; h2 -= c * ((int32_t)1 << 26);
  c = h3 >> 25; h4 += c; h3 -= c * ((int32_t)1 << 25);
  c = h4 >> 26; h5 += c; h4 -= c * ((int32_t)1 << 26);
  c = h5 >> 25; h6 += c; h5 -= c * ((int32_t)1 << 25);
  c = h6 >> 26; h7 += c; h6 -= c * ((int32_t)1 << 26);
  c = h7 >> 25; h8 += c; h7 -= c * ((int32_t)1 << 25);
  c = h8 >> 26; h9 += c; h8 -= c * ((int32_t)1 << 26);
  c = h9 >> 25; h9 -= c * ((int32_t)1 << 25);
  out[0] = h0; out[1] = h1; out[2] = h2; out[3] = h3; out[4] = h4;
  out[5] = h5; out[6] = h6; out[7] = h7; out[8] = h8; out[9] = h9;
}

static const int OFF[10] = {0, 26, 51, 77, 102, 128, 153, 179, 204, 230};

static void fe_tobytes(uint8_t s[32], const fe f) {
  fe h;
  fe_reduce(h, f);
  for (int i = 0; i < 32; i++) s[i] = 0;
  for (int i = 0; i < 10; i++) {
    uint64_t v = (uint64_t)(uint32_t)h[i] << (OFF[i] & 7);
    int b = OFF[i] >> 3;
    for (int k = 0; k < 5 && b + k < 32; k++) s[b + k] |= (uint8_t)(v >> (8 * k));
  }
}

/* Reads the low 255 bits of s (the caller checks canonicity). */
static void fe_frombytes(fe h, const uint8_t s[32]) {
  for (int i = 0; i < 10; i++) {
    int b = OFF[i] >> 3;
    uint64_t v = 0;
    for (int k = 0; k < 5 && b + k < 32; k++) v |= (uint64_t)s[b + k] << (8 * k);
    v >>= (OFF[i] & 7);
    h[i] = (int32_t)(v & ((i & 1) ? M25 : M26));
  }
  fe_carry(h);
}

static int fe_iszero(const fe f) {
  fe h;
  fe_reduce(h, f);
  int32_t a = 0;
  for (int i = 0; i < 10; i++) a |= h[i];
  return a == 0;
}

static int fe_isneg(const fe f) {
  fe h;
  fe_reduce(h, f);
  return h[0] & 1;
}

static int fe_eq(const fe f, const fe g) {
  fe d;
  fe_sub(d, f, g);
  return fe_iszero(d);
}

static void fe_abs(fe h, const fe f) {
  if (fe_isneg(f)) fe_neg(h, f);
  else fe_copy(h, f);
}

static void fe_sqn(fe h, const fe f, int n) {
  fe_sq(h, f);
  for (int i = 1; i < n; i++) fe_sq(h, h);
}

/* z^(2^252 - 3) = z^((p - 5) / 8) */
static void fe_pow22523(fe out, const fe z) {
  fe t0, t1, t2;
  fe_sq(t0, z);           /* 2 */
  fe_sqn(t1, t0, 2);      /* 8 */
  fe_mul(t1, z, t1);      /* 9 */
  fe_mul(t0, t0, t1);     /* 11 */
  fe_sq(t0, t0);          /* 22 */
  fe_mul(t0, t1, t0);     /* 2^5 - 1 */
  fe_sqn(t1, t0, 5);
  fe_mul(t0, t1, t0);     /* 2^10 - 1 */
  fe_sqn(t1, t0, 10);
  fe_mul(t1, t1, t0);     /* 2^20 - 1 */
  fe_sqn(t2, t1, 20);
  fe_mul(t1, t2, t1);     /* 2^40 - 1 */
  fe_sqn(t1, t1, 10);
  fe_mul(t0, t1, t0);     /* 2^50 - 1 */
  fe_sqn(t1, t0, 50);
  fe_mul(t1, t1, t0);     /* 2^100 - 1 */
  fe_sqn(t2, t1, 100);
  fe_mul(t1, t2, t1);     /* 2^200 - 1 */
  fe_sqn(t1, t1, 50);
  fe_mul(t0, t1, t0);     /* 2^250 - 1 */
  fe_sqn(t0, t0, 2);      /* 2^252 - 4 */
  fe_mul(out, t0, z);     /* 2^252 - 3 */
}

/* Constants (little-endian bytes), set by the loader from @noble/curves and checked there. */
static fe C_D, C_D2, C_SQRT_M1, C_INVSQRT_A_MINUS_D;
static uint8_t CONST_IN[4 * 32];
__attribute__((export_name("mem_const"))) uint8_t *mem_const(void) { return CONST_IN; }
__attribute__((export_name("init"))) void init(void) {
  fe_frombytes(C_D, CONST_IN);
  fe_frombytes(C_D2, CONST_IN + 32);
  fe_frombytes(C_SQRT_M1, CONST_IN + 64);
  fe_frombytes(C_INVSQRT_A_MINUS_D, CONST_IN + 96);
}

/* RFC 9496 SQRT_RATIO_M1(u, v): returns was_square, r = |sqrt(u/v)| or |sqrt(i u/v)|. */
static int sqrt_ratio_m1(fe r, const fe u, const fe v) {
  fe v3, v7, t, chk, nu, nui;
  fe_sq(v3, v);
  fe_mul(v3, v3, v);        /* v^3 */
  fe_sq(v7, v3);
  fe_mul(v7, v7, v);        /* v^7 */
  fe_mul(t, u, v7);
  fe_pow22523(t, t);        /* (u v^7)^((p-5)/8) */
  fe_mul(t, t, v3);
  fe_mul(r, t, u);          /* r = u v^3 (u v^7)^((p-5)/8) */
  fe_sq(chk, r);
  fe_mul(chk, chk, v);      /* check = v r^2 */
  fe_neg(nu, u);
  fe_mul(nui, nu, C_SQRT_M1);
  int correct = fe_eq(chk, u);
  int flipped = fe_eq(chk, nu);
  int flipped_i = fe_eq(chk, nui);
  if (flipped || flipped_i) fe_mul(r, r, C_SQRT_M1);
  fe_abs(r, r);
  return correct || flipped;
}

/* ---------------------------------------------------------------- points */

static void pt_identity(pt *p) {
  fe_0(p->X);
  fe_1(p->Y);
  fe_1(p->Z);
  fe_0(p->T);
}

/* r = p + (sign ? -q : q); r may alias p or q. */
static void pt_add(pt *r, const pt *p, const pt *q, int sign) {
  fe a, b, c, d, e, f, g, h, t;
  fe_sub(a, p->Y, p->X);
  fe_add(t, q->Y, q->X);
  fe_sub(b, q->Y, q->X);
  if (sign) fe_mul(a, a, t); else fe_mul(a, a, b);       /* A = (Y1-X1)(Y2-X2) */
  fe_add(c, p->Y, p->X);
  if (sign) fe_mul(b, c, b); else fe_mul(b, c, t);       /* B = (Y1+X1)(Y2+X2) */
  fe_mul(c, p->T, q->T);
  fe_mul(c, c, C_D2);                                    /* C = 2d T1 T2 */
  fe_mul(d, p->Z, q->Z);
  fe_add(d, d, d);
  fe_carry(d);                                           /* D = 2 Z1 Z2 (carried) */
  fe_sub(e, b, a);
  if (sign) { fe_add(f, d, c); fe_sub(g, d, c); }
  else { fe_sub(f, d, c); fe_add(g, d, c); }
  fe_add(h, b, a);
  fe_mul(r->X, e, f);
  fe_mul(r->Y, g, h);
  fe_mul(r->T, e, h);
  fe_mul(r->Z, f, g);
}

static void pt_double(pt *r, const pt *p) {
  fe a, b, c, e, f, g, h;
  fe_sq(a, p->X);
  fe_sq(b, p->Y);
  fe_sq(c, p->Z);
  fe_add(c, c, c);
  fe_carry(c);              /* C = 2 Z^2 (carried) */
  fe_add(e, p->X, p->Y);
  fe_sq(e, e);
  fe_add(h, a, b);          /* A + B (loose) */
  fe_sub(e, e, h);          /* E = (X+Y)^2 - A - B: carried - loose, a valid mul input */
  fe_sub(g, b, a);          /* G = B - A (loose) */
  fe_sub(f, g, c);          /* F = G - C: loose - carried, a valid mul input */
  fe_neg(h, h);             /* H = -A - B (loose) */
  fe_mul(r->X, e, f);
  fe_mul(r->Y, g, h);
  fe_mul(r->T, e, h);
  fe_mul(r->Z, f, g);
}

static int pt_is_identity(const pt *p) { return fe_iszero(p->X) || fe_iszero(p->Y); }

/* RFC 9496 4.3.1. Returns 0 invalid, 1 valid identity, 2 valid non-identity. */
static int ristretto_decode(pt *p, const uint8_t s_bytes[32]) {
  /* canonical: s < p = 2^255 - 19 (as a 256-bit integer), and s non-negative (even) */
  if (s_bytes[31] > 0x7f) return 0;
  if (s_bytes[31] == 0x7f) {
    int all = 1;
    for (int i = 30; i >= 1 && all; i--) all = s_bytes[i] == 0xff;
    if (all && s_bytes[0] >= 0xed) return 0;
  }
  if (s_bytes[0] & 1) return 0;
  fe s, ss, u1, u2, u2s, v, t, inv, dx, dy, x, y, one;
  fe_frombytes(s, s_bytes);
  fe_sq(ss, s);
  fe_1(one);
  fe_sub(u1, one, ss);
  fe_add(u2, one, ss);
  fe_sq(u2s, u2);
  fe_sq(t, u1);
  fe_mul(t, t, C_D);
  fe_neg(t, t);
  fe_sub(v, t, u2s);        /* v = -(D u1^2) - u2^2 */
  fe_mul(t, v, u2s);
  int was_square = sqrt_ratio_m1(inv, one, t);
  fe_mul(dx, inv, u2);
  fe_mul(dy, inv, dx);
  fe_mul(dy, dy, v);
  fe_add(x, s, s);
  fe_mul(x, x, dx);
  fe_abs(x, x);
  fe_mul(y, u1, dy);
  fe_mul(t, x, y);
  if (!was_square || fe_isneg(t) || fe_iszero(y)) return 0;
  fe_carry(x);
  fe_copy(p->X, x);
  fe_copy(p->Y, y);
  fe_1(p->Z);
  fe_copy(p->T, t);
  return pt_is_identity(p) ? 1 : 2;
}

/* RFC 9496 4.3.2 */
static void ristretto_encode(uint8_t out[32], const pt *p) {
  fe u1, u2, t, inv, den1, den2, zinv, ix, iy, ench, x, y, deninv, one;
  fe_add(t, p->Z, p->Y);
  fe_sub(u1, p->Z, p->Y);
  fe_mul(u1, u1, t);
  fe_mul(u2, p->X, p->Y);
  fe_sq(t, u2);
  fe_mul(t, t, u1);
  fe_1(one);
  sqrt_ratio_m1(inv, one, t);
  fe_mul(den1, inv, u1);
  fe_mul(den2, inv, u2);
  fe_mul(zinv, den1, den2);
  fe_mul(zinv, zinv, p->T);
  fe_mul(ix, p->X, C_SQRT_M1);
  fe_mul(iy, p->Y, C_SQRT_M1);
  fe_mul(ench, den1, C_INVSQRT_A_MINUS_D);
  fe_mul(t, p->T, zinv);
  if (fe_isneg(t)) {
    fe_copy(x, iy);
    fe_copy(y, ix);
    fe_copy(deninv, ench);
  } else {
    fe_copy(x, p->X);
    fe_copy(y, p->Y);
    fe_copy(deninv, den2);
  }
  fe_mul(t, x, zinv);
  if (fe_isneg(t)) fe_neg(y, y);
  fe_sub(t, p->Z, y);
  fe_mul(t, deninv, t);
  fe_abs(t, t);
  fe_tobytes(out, t);
}

/* ---------------------------------------------------------------- exports */

/* Decodes IN into slot; returns 0 invalid, 1 identity, 2 other (slot untouched when invalid). */
__attribute__((export_name("decode"))) int32_t decode(int32_t slot) {
  if (slot < 0 || slot >= MAXPTS) return 0;
  pt p;
  int r = ristretto_decode(&p, IN);
  if (r) PTS[slot] = p;
  return r;
}

/* Encodes slot into OUT. */
__attribute__((export_name("encode"))) void encode(int32_t slot) { ristretto_encode(OUT, &PTS[slot]); }

__attribute__((export_name("set_identity"))) void set_identity(int32_t slot) { pt_identity(&PTS[slot]); }

__attribute__((export_name("add"))) void add(int32_t dst, int32_t a, int32_t b) { pt_add(&PTS[dst], &PTS[a], &PTS[b], 0); }

__attribute__((export_name("is_identity"))) int32_t is_identity(int32_t slot) { return pt_is_identity(&PTS[slot]); }

static int bitlen(const uint32_t *s) {
  for (int i = 7; i >= 0; i--)
    if (s[i]) return 32 * i + 32 - __builtin_clz(s[i]);
  return 0;
}

static uint32_t bits_at(const uint32_t *s, int pos, int c) {
  int w = pos >> 5, o = pos & 31;
  if (w >= 8) return 0;
  uint64_t v = s[w];
  if (w + 1 < 8) v |= (uint64_t)s[w + 1] << 32;
  return (uint32_t)(v >> o) & ((1u << c) - 1);
}

#define STRAUS_MAX 128
#define WNAF_W 5
static int8_t NAF[STRAUS_MAX][257];
static pt TABLE[STRAUS_MAX][1 << (WNAF_W - 2)];

/* Width-w NAF of the 256-bit scalar s (digits odd, |d| < 2^(w-1)); returns its length. */
static int wnaf(int8_t *naf, const uint32_t *s) {
  uint32_t k[9];
  for (int i = 0; i < 8; i++) k[i] = s[i];
  k[8] = 0;
  int len = 0;
  for (int pos = 0; pos < 257; pos++) naf[pos] = 0;
  for (int pos = 0; pos < 257; pos++) {
    int nz = 0;
    for (int i = 0; i < 9; i++) nz |= k[i] != 0;
    if (!nz) break;
    if (k[0] & 1) {
      int d = (int)(k[0] & ((1u << WNAF_W) - 1));
      if (d >= (1 << (WNAF_W - 1))) d -= 1 << WNAF_W;
      naf[pos] = (int8_t)d;
      /* k -= d */
      if (d > 0) {
        uint64_t borrow = (uint64_t)d;
        for (int i = 0; i < 9 && borrow; i++) {
          uint64_t v = (uint64_t)k[i] - borrow;
          k[i] = (uint32_t)v;
          borrow = (v >> 63) & 1;
        }
      } else {
        uint64_t carry = (uint64_t)(-d);
        for (int i = 0; i < 9 && carry; i++) {
          uint64_t v = (uint64_t)k[i] + carry;
          k[i] = (uint32_t)v;
          carry = v >> 32;
        }
      }
    }
    /* k >>= 1 */
    for (int i = 0; i < 8; i++) k[i] = (k[i] >> 1) | (k[i + 1] << 31);
    k[8] >>= 1;
    len = pos + 1;
  }
  return len;
}

/* Interleaved wNAF (Straus) for small n: one shared doubling chain. */
static void msm_straus(int32_t n, pt *out) {
  int maxlen = 0;
  for (int i = 0; i < n; i++) {
    int len = wnaf(NAF[i], SC + 8 * i);
    if (len > maxlen) maxlen = len;
    const pt *p = &PTS[IDX[i]];
    pt p2;
    TABLE[i][0] = *p;
    pt_double(&p2, p);
    for (int j = 1; j < (1 << (WNAF_W - 2)); j++) pt_add(&TABLE[i][j], &TABLE[i][j - 1], &p2, 0);
  }
  pt acc;
  pt_identity(&acc);
  int started = 0;
  for (int pos = maxlen - 1; pos >= 0; pos--) {
    if (started) pt_double(&acc, &acc);
    for (int i = 0; i < n; i++) {
      int d = NAF[i][pos];
      if (d == 0) continue;
      int neg = NEG[i];
      if (d < 0) { d = -d; neg ^= 1; }
      pt_add(&acc, &acc, &TABLE[i][d >> 1], neg);
      started = 1;
    }
  }
  *out = acc;
}

/*
 * Sum over i < n of (NEG[i] ? -1 : 1) * SC[i] * PTS[IDX[i]] into slot dst (variable time).
 * Scalars are 256-bit little-endian (8 x u32 each). Signed-digit Pippenger, window c, windows
 * processed from the bottom with per-entry carries; window sums combined by Horner at the end.
 */
__attribute__((export_name("msm"))) void msm(int32_t n, int32_t dst) {
  if (n <= STRAUS_MAX && n <= 96) {
    msm_straus(n, &PTS[dst]);
    return;
  }
  int maxbits = 0;
  double cost_items = 0;
  for (int i = 0; i < n; i++) {
    int b = bitlen(SC + 8 * i);
    if (b > maxbits) maxbits = b;
    cost_items += b;
    CARRY[i] = 0;
  }
  pt acc;
  pt_identity(&acc);
  if (maxbits == 0) {
    PTS[dst] = acc;
    return;
  }
  int c = 2;
  double best = 1e300;
  for (int cc = 2; cc <= 15; cc++) {
    double windows = (double)(maxbits / cc + 2);
    double cost = cost_items / cc + n + windows * (double)(1 << cc) + windows * cc;
    if (cost < best) { best = cost; c = cc; }
  }
  int half = 1 << (c - 1), full = 1 << c;
  int windows = maxbits / c + 2;
  for (int w = 0; w < windows; w++) {
    for (int b = 1; b <= half; b++) pt_identity(&BUCKETS[b]);
    int used = 0;
    for (int i = 0; i < n; i++) {
      int d = (int)bits_at(SC + 8 * i, w * c, c) + CARRY[i];
      if (d >= half) { d -= full; CARRY[i] = 1; } else CARRY[i] = 0;
      if (d == 0) continue;
      int neg = NEG[i];
      if (d < 0) { d = -d; neg ^= 1; }
      pt_add(&BUCKETS[d], &BUCKETS[d], &PTS[IDX[i]], neg);
      used = 1;
    }
    pt_identity(&WSUM[w]);
    if (!used) continue;
    pt running, sum;
    pt_identity(&running);
    pt_identity(&sum);
    for (int b = half; b >= 1; b--) {
      pt_add(&running, &running, &BUCKETS[b], 0);
      pt_add(&sum, &sum, &running, 0);
    }
    WSUM[w] = sum;
  }
  acc = WSUM[windows - 1];
  for (int w = windows - 2; w >= 0; w--) {
    for (int k = 0; k < c; k++) pt_double(&acc, &acc);
    pt_add(&acc, &acc, &WSUM[w], 0);
  }
  PTS[dst] = acc;
}

#ifdef KERNEL_BENCH
__attribute__((export_name("bench_mul"))) void bench_mul(int32_t n) {
  fe a; fe_frombytes(a, IN);
  for (int i = 0; i < n; i++) fe_mul(a, a, C_D);
  fe_tobytes(OUT, a);
}
__attribute__((export_name("bench_sq"))) void bench_sq(int32_t n) {
  fe a; fe_frombytes(a, IN);
  for (int i = 0; i < n; i++) fe_sq(a, a);
  fe_tobytes(OUT, a);
}
__attribute__((export_name("bench_addsub"))) void bench_addsub(int32_t n) {
  fe a; fe_frombytes(a, IN);
  for (int i = 0; i < n; i++) { fe_add(a, a, C_D); fe_sub(a, a, C_D2); }
  fe_tobytes(OUT, a);
}
#endif
