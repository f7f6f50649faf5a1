/** A random number in [0, 1) from a seeded generator: the same seed gives the same practice. */
export type Random = () => number

/**
 * sfc32, seeded through splitmix32. Small, fast and with a period far beyond the few hundred
 * million draws a million-client practice needs; Math.random cannot be seeded.
 */
export function seededRandom(seed: number): Random {
  let s = seed >>> 0
  const splitmix = () => {
    s = (s + 0x9e3779b9) >>> 0
    let z = s
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b)
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35)
    return (z ^ (z >>> 16)) >>> 0
  }
  let a = splitmix()
  let b = splitmix()
  let c = splitmix()
  let d = splitmix()
  return () => {
    const t = (((a + b) >>> 0) + d) >>> 0
    d = (d + 1) >>> 0
    a = b ^ (b >>> 9)
    b = (c + (c << 3)) >>> 0
    c = ((c << 21) | (c >>> 11)) >>> 0
    c = (c + t) >>> 0
    return t / 4294967296
  }
}

/** A whole number in [min, max]. */
export const between = (rand: Random, min: number, max: number) => min + Math.floor(rand() * (max - min + 1))

export const pickOne = <T>(rand: Random, list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T

/**
 * Picks from `items` with the weight 1 / (rank + offset)^exponent (Zipf–Mandelbrot): a few names
 * are very common and most are rare, as in a real list of people. The offset flattens the head so
 * the most common name is a few percent, not a sixth, of everyone.
 */
export function zipfPicker<T>(items: readonly T[], exponent: number, offset: number): (rand: Random) => T {
  const cumulative: number[] = []
  let sum = 0
  items.forEach((_, rank) => cumulative.push((sum += 1 / (rank + 1 + offset) ** exponent)))
  return (rand) => {
    const target = rand() * sum
    let lo = 0
    let hi = cumulative.length - 1
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if ((cumulative[mid] as number) < target) lo = mid + 1
      else hi = mid
    }
    return items[lo] as T
  }
}

/** Picks a key of `weights` in proportion to its value. */
export function weightedPicker<K extends string>(weights: Record<K, number>): (rand: Random) => K {
  const entries = Object.entries(weights) as [K, number][]
  const total = entries.reduce((s, [, w]) => s + w, 0)
  return (rand) => {
    let left = rand() * total
    for (const [key, w] of entries) if ((left -= w) < 0) return key
    return entries[entries.length - 1]![0]
  }
}

/** Fisher–Yates, in place. */
export function shuffle<T>(rand: Random, list: T[]): T[] {
  for (let i = list.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1))
    ;[list[i], list[j]] = [list[j] as T, list[i] as T]
  }
  return list
}
