// Small dense-matrix checks (row-major Float64Array) shared by the linalg kernel tests.

/** max |(A·B)[i,j] − C[i,j]| for A m×k, B k×n, C m×n. */
export function maxProductError(A: ArrayLike<number>, B: ArrayLike<number>, C: ArrayLike<number>, m: number, k: number, n: number): number {
  let err = 0;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let t = 0;
      for (let l = 0; l < k; l++) t += A[i * k + l]! * B[l * n + j]!;
      err = Math.max(err, Math.abs(t - C[i * n + j]!));
    }
  }
  return err;
}

/** max |(XᵀX − I)[p,q]| for X rows×cols (orthonormal columns ⇒ 0). */
export function orthonormalColumnsError(X: ArrayLike<number>, rows: number, cols: number): number {
  let err = 0;
  for (let p = 0; p < cols; p++) {
    for (let q = 0; q < cols; q++) {
      let t = 0;
      for (let i = 0; i < rows; i++) t += X[i * cols + p]! * X[i * cols + q]!;
      err = Math.max(err, Math.abs(t - (p === q ? 1 : 0)));
    }
  }
  return err;
}

/** Transpose of a row-major rows×cols matrix. */
export function transpose(X: ArrayLike<number>, rows: number, cols: number): Float64Array {
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[j * rows + i] = X[i * cols + j]!;
  return out;
}

/** U diag(S) for U rows×k. */
export function scaleColumns(U: ArrayLike<number>, S: ArrayLike<number>, rows: number, k: number): Float64Array {
  const out = new Float64Array(rows * k);
  for (let i = 0; i < rows; i++) for (let j = 0; j < k; j++) out[i * k + j] = U[i * k + j]! * S[j]!;
  return out;
}
