/**
 * What `run` returns, or the error it throws, in a form `toEqual` compares: a PreciseDate (anything
 * with getMicroseconds) as its ISO text, ms and µs; any other value with its typeof; an error by its
 * class name and message. For tests that hold two readers of the same text equal.
 */
export function outcome(run: () => unknown): unknown {
  try {
    const value = run();
    if (value instanceof Date && typeof (value as { getMicroseconds?: unknown }).getMicroseconds === 'function') {
      return ['PreciseDate', value.toISOString(), value.getTime(), (value as Date & { getMicroseconds(): number }).getMicroseconds()];
    }
    return [typeof value, value];
  } catch (error) {
    return ['throws', (error as Error).constructor.name, (error as Error).message];
  }
}
