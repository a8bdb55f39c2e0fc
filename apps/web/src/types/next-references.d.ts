// Next's ambient types, committed so that a fresh clone type-checks before its first `next build` (the generated
// next-env.d.ts imports files under .next/, which only a build creates; it is git-ignored).
/// <reference types="next" />
/// <reference types="next/image-types/global" />
