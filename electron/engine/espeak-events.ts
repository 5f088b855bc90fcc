// espeak_EVENT (speak_lib.h) as the Emscripten build lays it out on wasm32, read straight from the
// heap: type, unique_identifier, text_position, length, audio_position, sample, user_data (int32
// each), then the id union (a number, or for a phoneme event up to 8 bytes of its UTF-8 name).
// Shared by the built-in voice's worker (word events) and the natural voices' (word and phoneme events).

/** int32 indexes into an event. */
export const EVENT_TYPE = 0;
export const EVENT_TEXT_POSITION = 2;
export const EVENT_AUDIO_POSITION = 4;
/** Byte offset of the id union, and its size. */
export const EVENT_ID_BYTE = 28;
export const EVENT_ID_BYTES = 8;
