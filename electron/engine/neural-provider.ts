// The natural (Piper) voices' provider name, on its own so the command line can recognise their voice
// keys without loading the voices' modules.
export const NEURAL_PROVIDER = 'piper';
