// The production dependency tree, read from package-lock.json the way npm resolves it: starting at
// the project's "dependencies", each package's requirements are found in its own node_modules or
// the nearest one above. devDependencies are never followed, so anything they alone bring in is out.

interface LockPackage {
  dependencies?: Record<string, string>
  optionalDependencies?: Record<string, string>
  peerDependencies?: Record<string, string>
  peerDependenciesMeta?: Record<string, { optional?: boolean }>
}

export interface PackageLock {
  packages: Record<string, LockPackage>
}

/** The folder that would hold `name` for a package at `from`, or undefined when the lock has none. */
function resolveInstalled(lock: PackageLock, from: string, name: string): string | undefined {
  let dir = from
  for (;;) {
    const candidate = `${dir ? `${dir}/` : ''}node_modules/${name}`
    if (lock.packages[candidate]) return candidate
    if (!dir) return undefined
    const cut = dir.lastIndexOf('/node_modules/')
    dir = cut === -1 ? '' : dir.slice(0, cut)
  }
}

/** Every node_modules path reachable from the root package's dependencies (not devDependencies). */
export function productionPackagePaths(lock: PackageLock): Set<string> {
  const root = lock.packages['']
  if (!root) throw new Error('package-lock.json has no root package entry (lockfileVersion 2 or later is needed)')
  const seen = new Set<string>()
  const queue: Array<{ from: string; pkg: LockPackage }> = [{ from: '', pkg: { dependencies: root.dependencies, optionalDependencies: root.optionalDependencies } }]
  while (queue.length > 0) {
    const { from, pkg } = queue.shift()!
    const peers = Object.keys(pkg.peerDependencies ?? {}).filter((name) => !pkg.peerDependenciesMeta?.[name]?.optional)
    const names = [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.optionalDependencies ?? {}), ...peers]
    for (const name of names) {
      const path = resolveInstalled(lock, from, name)
      // An optional dependency for another platform has no entry; skipping it is what npm does.
      if (!path || seen.has(path)) continue
      seen.add(path)
      queue.push({ from: path, pkg: lock.packages[path]! })
    }
  }
  return seen
}
