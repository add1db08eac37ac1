;; f64 inner loops of the SVD on WebAssembly SIMD (f64x2). Assembled by scripts/build-kernels.ts (wabt); the
;; readable reference is src/tensor/linalg/svd-loops.ts, and src/tensor/linalg/svd-kernel.ts drives both.
;;
;; Pointers are byte addresses of float64 values; lengths and indices count values. Each function does the same
;; multiplications and additions, in the same order per element, as its reference (dot sums in another order).
;;
;; Rotation logs (replay): a run of float64 entries, each either
;;   1, k, count, c₀, s₀, …, c_{count−1}, s_{count−1}   rotation r acts on columns (k + r, k + r + 1), in order;
;;   2, j₁, j₂, c, s                                   one rotation on columns (j₁, j₂).
;; A rotation [c s; −s c] maps a row's pair (x, y) to (c·x + s·y, c·y − s·x).
(module
  (import "env" "memory" (memory 1 16384 shared))

  ;; Σ x[i]·y[i] for i < len: four f64x2 partial sums, then pairs, then a scalar tail.
  (func (export "dot") (param $x i32) (param $y i32) (param $len i32) (result f64)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128) (local $end i32) (local $s f64)
    (local.set $end (i32.add (local.get $x) (i32.shl (i32.and (local.get $len) (i32.const -8)) (i32.const 3))))
    (block $done8
      (loop $l8
        (br_if $done8 (i32.ge_u (local.get $x) (local.get $end)))
        (local.set $a0 (f64x2.add (local.get $a0) (f64x2.mul (v128.load offset=0 (local.get $x)) (v128.load offset=0 (local.get $y)))))
        (local.set $a1 (f64x2.add (local.get $a1) (f64x2.mul (v128.load offset=16 (local.get $x)) (v128.load offset=16 (local.get $y)))))
        (local.set $a2 (f64x2.add (local.get $a2) (f64x2.mul (v128.load offset=32 (local.get $x)) (v128.load offset=32 (local.get $y)))))
        (local.set $a3 (f64x2.add (local.get $a3) (f64x2.mul (v128.load offset=48 (local.get $x)) (v128.load offset=48 (local.get $y)))))
        (local.set $x (i32.add (local.get $x) (i32.const 64)))
        (local.set $y (i32.add (local.get $y) (i32.const 64)))
        (br $l8)))
    (local.set $end (i32.add (local.get $end) (i32.shl (i32.and (local.get $len) (i32.const 6)) (i32.const 3))))
    (block $done2
      (loop $l2
        (br_if $done2 (i32.ge_u (local.get $x) (local.get $end)))
        (local.set $a0 (f64x2.add (local.get $a0) (f64x2.mul (v128.load (local.get $x)) (v128.load (local.get $y)))))
        (local.set $x (i32.add (local.get $x) (i32.const 16)))
        (local.set $y (i32.add (local.get $y) (i32.const 16)))
        (br $l2)))
    (local.set $a0 (f64x2.add (f64x2.add (local.get $a0) (local.get $a1)) (f64x2.add (local.get $a2) (local.get $a3))))
    (local.set $s (f64.add (f64x2.extract_lane 0 (local.get $a0)) (f64x2.extract_lane 1 (local.get $a0))))
    (if (i32.and (local.get $len) (i32.const 1))
      (then (local.set $s (f64.add (local.get $s) (f64.mul (f64.load (local.get $x)) (f64.load (local.get $y)))))))
    (local.get $s))

  ;; y[i] += t·x[i] for i < len.
  (func (export "axpy") (param $t f64) (param $x i32) (param $y i32) (param $len i32)
    (local $tv v128) (local $end i32)
    (local.set $tv (f64x2.splat (local.get $t)))
    (local.set $end (i32.add (local.get $x) (i32.shl (i32.and (local.get $len) (i32.const -4)) (i32.const 3))))
    (block $done4
      (loop $l4
        (br_if $done4 (i32.ge_u (local.get $x) (local.get $end)))
        (v128.store offset=0 (local.get $y)
          (f64x2.add (v128.load offset=0 (local.get $y)) (f64x2.mul (local.get $tv) (v128.load offset=0 (local.get $x)))))
        (v128.store offset=16 (local.get $y)
          (f64x2.add (v128.load offset=16 (local.get $y)) (f64x2.mul (local.get $tv) (v128.load offset=16 (local.get $x)))))
        (local.set $x (i32.add (local.get $x) (i32.const 32)))
        (local.set $y (i32.add (local.get $y) (i32.const 32)))
        (br $l4)))
    (local.set $end (i32.add (local.get $end) (i32.shl (i32.and (local.get $len) (i32.const 3)) (i32.const 3))))
    (block $done
      (loop $l1
        (br_if $done (i32.ge_u (local.get $x) (local.get $end)))
        (f64.store (local.get $y) (f64.add (f64.load (local.get $y)) (f64.mul (local.get $t) (f64.load (local.get $x)))))
        (local.set $x (i32.add (local.get $x) (i32.const 8)))
        (local.set $y (i32.add (local.get $y) (i32.const 8)))
        (br $l1))))

  ;; y[i] += t·x[i], then w[i] += e·y[i] with the new y[i], for i < len.
  (func (export "axpy_acc") (param $t f64) (param $x i32) (param $y i32) (param $len i32) (param $e f64) (param $w i32)
    (local $tv v128) (local $ev v128) (local $y0 v128) (local $y1 v128) (local $end i32) (local $ys f64)
    (local.set $tv (f64x2.splat (local.get $t)))
    (local.set $ev (f64x2.splat (local.get $e)))
    (local.set $end (i32.add (local.get $x) (i32.shl (i32.and (local.get $len) (i32.const -4)) (i32.const 3))))
    (block $done4
      (loop $l4
        (br_if $done4 (i32.ge_u (local.get $x) (local.get $end)))
        (local.set $y0 (f64x2.add (v128.load offset=0 (local.get $y)) (f64x2.mul (local.get $tv) (v128.load offset=0 (local.get $x)))))
        (local.set $y1 (f64x2.add (v128.load offset=16 (local.get $y)) (f64x2.mul (local.get $tv) (v128.load offset=16 (local.get $x)))))
        (v128.store offset=0 (local.get $y) (local.get $y0))
        (v128.store offset=16 (local.get $y) (local.get $y1))
        (v128.store offset=0 (local.get $w) (f64x2.add (v128.load offset=0 (local.get $w)) (f64x2.mul (local.get $ev) (local.get $y0))))
        (v128.store offset=16 (local.get $w) (f64x2.add (v128.load offset=16 (local.get $w)) (f64x2.mul (local.get $ev) (local.get $y1))))
        (local.set $x (i32.add (local.get $x) (i32.const 32)))
        (local.set $y (i32.add (local.get $y) (i32.const 32)))
        (local.set $w (i32.add (local.get $w) (i32.const 32)))
        (br $l4)))
    (local.set $end (i32.add (local.get $end) (i32.shl (i32.and (local.get $len) (i32.const 3)) (i32.const 3))))
    (block $done
      (loop $l1
        (br_if $done (i32.ge_u (local.get $x) (local.get $end)))
        (local.set $ys (f64.add (f64.load (local.get $y)) (f64.mul (local.get $t) (f64.load (local.get $x)))))
        (f64.store (local.get $y) (local.get $ys))
        (f64.store (local.get $w) (f64.add (f64.load (local.get $w)) (f64.mul (local.get $e) (local.get $ys))))
        (local.set $x (i32.add (local.get $x) (i32.const 8)))
        (local.set $y (i32.add (local.get $y) (i32.const 8)))
        (local.set $w (i32.add (local.get $w) (i32.const 8)))
        (br $l1))))

  ;; Rows [r0, r1) of columns k … k + count of the column-major matrix at $buf (leading dimension $ld values):
  ;; apply the count rotations whose (c, s) pairs start at $coef. Each row carries its running column in a
  ;; register, so every element is loaded and stored once per sweep; 8 rows (4 vectors) at a time, then 2, then 1.
  (func $sweep (param $buf i32) (param $ld i32) (param $r0 i32) (param $r1 i32) (param $k i32) (param $count i32) (param $coef i32)
    (local $ldb i32) (local $i i32) (local $o i32) (local $q i32) (local $cp i32) (local $cend i32)
    (local $c v128) (local $s v128)
    (local $x0 v128) (local $x1 v128) (local $x2 v128) (local $x3 v128)
    (local $y0 v128) (local $y1 v128) (local $y2 v128) (local $y3 v128)
    (local $cf f64) (local $sf f64) (local $xf f64) (local $yf f64)
    (local.set $ldb (i32.shl (local.get $ld) (i32.const 3)))
    (local.set $cend (i32.add (local.get $coef) (i32.shl (local.get $count) (i32.const 4))))
    (local.set $i (local.get $r0))
    (block $done8
      (loop $rows8
        (br_if $done8 (i32.gt_s (i32.add (local.get $i) (i32.const 8)) (local.get $r1)))
        (local.set $o (i32.add (local.get $buf)
          (i32.shl (i32.add (i32.mul (local.get $k) (local.get $ld)) (local.get $i)) (i32.const 3))))
        (local.set $x0 (v128.load offset=0 (local.get $o)))
        (local.set $x1 (v128.load offset=16 (local.get $o)))
        (local.set $x2 (v128.load offset=32 (local.get $o)))
        (local.set $x3 (v128.load offset=48 (local.get $o)))
        (local.set $cp (local.get $coef))
        (block $swept
          (loop $rot
            (br_if $swept (i32.ge_u (local.get $cp) (local.get $cend)))
            (local.set $c (v128.load64_splat offset=0 (local.get $cp)))
            (local.set $s (v128.load64_splat offset=8 (local.get $cp)))
            (local.set $q (i32.add (local.get $o) (local.get $ldb)))
            (local.set $y0 (v128.load offset=0 (local.get $q)))
            (local.set $y1 (v128.load offset=16 (local.get $q)))
            (local.set $y2 (v128.load offset=32 (local.get $q)))
            (local.set $y3 (v128.load offset=48 (local.get $q)))
            (v128.store offset=0 (local.get $o) (f64x2.add (f64x2.mul (local.get $c) (local.get $x0)) (f64x2.mul (local.get $s) (local.get $y0))))
            (v128.store offset=16 (local.get $o) (f64x2.add (f64x2.mul (local.get $c) (local.get $x1)) (f64x2.mul (local.get $s) (local.get $y1))))
            (v128.store offset=32 (local.get $o) (f64x2.add (f64x2.mul (local.get $c) (local.get $x2)) (f64x2.mul (local.get $s) (local.get $y2))))
            (v128.store offset=48 (local.get $o) (f64x2.add (f64x2.mul (local.get $c) (local.get $x3)) (f64x2.mul (local.get $s) (local.get $y3))))
            (local.set $x0 (f64x2.sub (f64x2.mul (local.get $c) (local.get $y0)) (f64x2.mul (local.get $s) (local.get $x0))))
            (local.set $x1 (f64x2.sub (f64x2.mul (local.get $c) (local.get $y1)) (f64x2.mul (local.get $s) (local.get $x1))))
            (local.set $x2 (f64x2.sub (f64x2.mul (local.get $c) (local.get $y2)) (f64x2.mul (local.get $s) (local.get $x2))))
            (local.set $x3 (f64x2.sub (f64x2.mul (local.get $c) (local.get $y3)) (f64x2.mul (local.get $s) (local.get $x3))))
            (local.set $o (local.get $q))
            (local.set $cp (i32.add (local.get $cp) (i32.const 16)))
            (br $rot)))
        (v128.store offset=0 (local.get $o) (local.get $x0))
        (v128.store offset=16 (local.get $o) (local.get $x1))
        (v128.store offset=32 (local.get $o) (local.get $x2))
        (v128.store offset=48 (local.get $o) (local.get $x3))
        (local.set $i (i32.add (local.get $i) (i32.const 8)))
        (br $rows8)))
    (block $done2
      (loop $rows2
        (br_if $done2 (i32.gt_s (i32.add (local.get $i) (i32.const 2)) (local.get $r1)))
        (local.set $o (i32.add (local.get $buf)
          (i32.shl (i32.add (i32.mul (local.get $k) (local.get $ld)) (local.get $i)) (i32.const 3))))
        (local.set $x0 (v128.load (local.get $o)))
        (local.set $cp (local.get $coef))
        (block $swept2
          (loop $rot2
            (br_if $swept2 (i32.ge_u (local.get $cp) (local.get $cend)))
            (local.set $c (v128.load64_splat offset=0 (local.get $cp)))
            (local.set $s (v128.load64_splat offset=8 (local.get $cp)))
            (local.set $q (i32.add (local.get $o) (local.get $ldb)))
            (local.set $y0 (v128.load (local.get $q)))
            (v128.store (local.get $o) (f64x2.add (f64x2.mul (local.get $c) (local.get $x0)) (f64x2.mul (local.get $s) (local.get $y0))))
            (local.set $x0 (f64x2.sub (f64x2.mul (local.get $c) (local.get $y0)) (f64x2.mul (local.get $s) (local.get $x0))))
            (local.set $o (local.get $q))
            (local.set $cp (i32.add (local.get $cp) (i32.const 16)))
            (br $rot2)))
        (v128.store (local.get $o) (local.get $x0))
        (local.set $i (i32.add (local.get $i) (i32.const 2)))
        (br $rows2)))
    (if (i32.lt_s (local.get $i) (local.get $r1))
      (then
        (local.set $o (i32.add (local.get $buf)
          (i32.shl (i32.add (i32.mul (local.get $k) (local.get $ld)) (local.get $i)) (i32.const 3))))
        (local.set $xf (f64.load (local.get $o)))
        (local.set $cp (local.get $coef))
        (block $swept1
          (loop $rot1
            (br_if $swept1 (i32.ge_u (local.get $cp) (local.get $cend)))
            (local.set $cf (f64.load offset=0 (local.get $cp)))
            (local.set $sf (f64.load offset=8 (local.get $cp)))
            (local.set $q (i32.add (local.get $o) (local.get $ldb)))
            (local.set $yf (f64.load (local.get $q)))
            (f64.store (local.get $o) (f64.add (f64.mul (local.get $cf) (local.get $xf)) (f64.mul (local.get $sf) (local.get $yf))))
            (local.set $xf (f64.sub (f64.mul (local.get $cf) (local.get $yf)) (f64.mul (local.get $sf) (local.get $xf))))
            (local.set $o (local.get $q))
            (local.set $cp (i32.add (local.get $cp) (i32.const 16)))
            (br $rot1)))
        (f64.store (local.get $o) (local.get $xf)))))

  ;; Rows [r0, r1) of columns j1 and j2: (x, y) → (c·x + s·y, c·y − s·x).
  (func $pair (param $buf i32) (param $ld i32) (param $r0 i32) (param $r1 i32) (param $j1 i32) (param $j2 i32) (param $cf f64) (param $sf f64)
    (local $px i32) (local $py i32) (local $end i32) (local $c v128) (local $s v128) (local $x v128) (local $y v128)
    (local $xf f64) (local $yf f64)
    (local.set $c (f64x2.splat (local.get $cf)))
    (local.set $s (f64x2.splat (local.get $sf)))
    (local.set $px (i32.add (local.get $buf)
      (i32.shl (i32.add (i32.mul (local.get $j1) (local.get $ld)) (local.get $r0)) (i32.const 3))))
    (local.set $py (i32.add (local.get $buf)
      (i32.shl (i32.add (i32.mul (local.get $j2) (local.get $ld)) (local.get $r0)) (i32.const 3))))
    (local.set $end (i32.add (local.get $px)
      (i32.shl (i32.and (i32.sub (local.get $r1) (local.get $r0)) (i32.const -2)) (i32.const 3))))
    (block $done2
      (loop $l2
        (br_if $done2 (i32.ge_u (local.get $px) (local.get $end)))
        (local.set $x (v128.load (local.get $px)))
        (local.set $y (v128.load (local.get $py)))
        (v128.store (local.get $px) (f64x2.add (f64x2.mul (local.get $c) (local.get $x)) (f64x2.mul (local.get $s) (local.get $y))))
        (v128.store (local.get $py) (f64x2.sub (f64x2.mul (local.get $c) (local.get $y)) (f64x2.mul (local.get $s) (local.get $x))))
        (local.set $px (i32.add (local.get $px) (i32.const 16)))
        (local.set $py (i32.add (local.get $py) (i32.const 16)))
        (br $l2)))
    (if (i32.and (i32.sub (local.get $r1) (local.get $r0)) (i32.const 1))
      (then
        (local.set $xf (f64.load (local.get $px)))
        (local.set $yf (f64.load (local.get $py)))
        (f64.store (local.get $px) (f64.add (f64.mul (local.get $cf) (local.get $xf)) (f64.mul (local.get $sf) (local.get $yf))))
        (f64.store (local.get $py) (f64.sub (f64.mul (local.get $cf) (local.get $yf)) (f64.mul (local.get $sf) (local.get $xf)))))))

  ;; Replay the rotation log [log, end) (byte addresses) on rows [r0, r1) of the matrix at $buf.
  (func (export "replay") (param $buf i32) (param $ld i32) (param $r0 i32) (param $r1 i32) (param $log i32) (param $end i32)
    (local $count i32)
    (block $out
      (loop $ops
        (br_if $out (i32.ge_u (local.get $log) (local.get $end)))
        (if (f64.eq (f64.load (local.get $log)) (f64.const 1))
          (then
            (local.set $count (i32.trunc_f64_s (f64.load offset=16 (local.get $log))))
            (call $sweep (local.get $buf) (local.get $ld) (local.get $r0) (local.get $r1)
              (i32.trunc_f64_s (f64.load offset=8 (local.get $log))) (local.get $count) (i32.add (local.get $log) (i32.const 24)))
            (local.set $log (i32.add (local.get $log) (i32.add (i32.const 24) (i32.shl (local.get $count) (i32.const 4))))))
          (else
            (call $pair (local.get $buf) (local.get $ld) (local.get $r0) (local.get $r1)
              (i32.trunc_f64_s (f64.load offset=8 (local.get $log))) (i32.trunc_f64_s (f64.load offset=16 (local.get $log)))
              (f64.load offset=24 (local.get $log)) (f64.load offset=32 (local.get $log)))
            (local.set $log (i32.add (local.get $log) (i32.const 40)))))
        (br $ops))))
)
