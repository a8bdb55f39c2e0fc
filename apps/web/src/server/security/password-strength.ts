// Password strength, estimated by zxcvbn-ts (dictionaries of common passwords, names and words; keyboard walks,
// sequences, dates, l33t): a password must score at least 3 of 4, and a refused one comes back with the
// estimator's own warning and suggestions, which the form shows under the field.
import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import * as common from "@zxcvbn-ts/language-common";
import * as english from "@zxcvbn-ts/language-en";

export const MIN_PASSWORD_SCORE = 3;

let factory: ZxcvbnFactory | undefined;
function estimator(): ZxcvbnFactory {
  factory ??= new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...english.dictionary },
    graphs: common.adjacencyGraphs,
    translations: english.translations,
  });
  return factory;
}

/** null when strong enough, else the feedback to show. `related` are words a guesser would try (the email). */
export function passwordWeakness(password: string, related: string[] = []): string | null {
  // The estimator's cost grows with length; past 100 characters a password is long enough to pass on its own.
  const result = estimator().check(password.slice(0, 100), related);
  if (result.score >= MIN_PASSWORD_SCORE) return null;
  const { warning, suggestions } = result.feedback;
  const parts = [warning, ...suggestions].filter((part): part is string => Boolean(part));
  return parts.length > 0
    ? `This password is too easy to guess. ${parts.join(" ")}`
    : "This password is too easy to guess. Add more words or characters.";
}

/** The words of an email address a guesser would try first. */
export function emailWords(email: string): string[] {
  return email
    .toLowerCase()
    .split(/[@.+_-]/)
    .filter((word) => word.length >= 3);
}
