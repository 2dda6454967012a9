/**
 * The officer's side's words (officer/zh-CN.ts, officer/en.ts): the case page behind an SMS's
 * one-tap link or the inbox, and the officer inbox with its sign-in. Both languages are small and
 * travel with the officer pages' chunk.
 */
import type { Locale } from '../domain/county.ts';
import type { OfficerMessages } from './index.ts';
import officerZh from './officer/zh-CN.ts';
import officerEn from './officer/en.ts';

const OFFICER: Readonly<Record<Locale, OfficerMessages>> = { 'zh-CN': officerZh, en: officerEn };

/** The officer's side's words in a language (the case page's, the inbox's). */
export const officerText = (locale: Locale): OfficerMessages => OFFICER[locale];
