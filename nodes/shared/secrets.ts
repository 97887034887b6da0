/**
 * Secret comparison. A pure function returning a boolean; callers turn `false` into a
 * 401 without starting an execution.
 */
import { createHash, timingSafeEqual } from 'crypto';

/**
 * Whether a secret taken from a request equals the configured one. Both sides are hashed
 * first so that `timingSafeEqual` compares equal-length digests and the comparison time
 * does not reveal the secret's length. An empty configured secret matches nothing.
 */
export function secretsMatch(given: unknown, expected: string): boolean {
	if (typeof given !== 'string' || given === '' || expected === '') return false;
	return timingSafeEqual(sha256(given), sha256(expected));
}

function sha256(text: string): Buffer {
	return createHash('sha256').update(text, 'utf8').digest();
}
