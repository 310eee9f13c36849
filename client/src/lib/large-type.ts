/**
 * Large type (大字) on the phone, for older villagers: one choice per device, kept in
 * localStorage. It scales the root font size (app.css `html.large-type`), so everything sized
 * in rem or em (ballots, options, receipts, the top bar) grows by the same factor.
 */
import { readStored, writeStored } from './device-storage';

export const LARGE_TYPE_KEY = 'yb:largeType';
/** The class on <html> that app.css scales the root font size with. */
export const LARGE_TYPE_CLASS = 'large-type';

const isBoolean = (value: unknown): value is boolean => typeof value === 'boolean';

/** What this device chose; off on a first visit or without storage. */
export const loadLargeType = (): boolean => readStored(LARGE_TYPE_KEY, isBoolean) ?? false;

export function saveLargeType(on: boolean): void {
  writeStored(LARGE_TYPE_KEY, on ? true : null);
}

/** Sets or clears the root class; called before the first paint (main.ts) and on toggles. */
export function applyLargeType(on: boolean): void {
  document.documentElement.classList.toggle(LARGE_TYPE_CLASS, on);
}
