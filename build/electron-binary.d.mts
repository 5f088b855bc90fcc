/** A sentence saying what is missing and the one command that fixes it, or null when Electron is there. */
export function missingElectronMessage(electronDir: string): string | null;
