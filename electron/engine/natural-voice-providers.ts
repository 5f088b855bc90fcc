// The natural voices' provider names, on their own so the command line can recognise their voice keys
// without loading the voices' modules.
export const PIPER_PROVIDER = 'piper';
export const KOKORO_PROVIDER = 'kokoro';
