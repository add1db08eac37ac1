// linalg: decompositions and norms (PyTorch's torch.linalg): svd, svdvals, qr, norm, vectorNorm, matrixNorm, matrixRank.
export { svd, svdvals, type SvdOptions } from "./svd.ts";
export { qr, type QrModeOption } from "./qr.ts";
export { norm, vectorNorm, matrixNorm, type NormOrd, type VectorOrd, type MatrixOrd } from "./norm.ts";
export { matrixRank } from "./matrix-rank.ts";
