// The sentence a voice says in the voice picker, in the voice's own language where there is one here
// (a French voice saying an English sentence tells little about how it reads French).
const SENTENCES: Readonly<Record<string, string>> = {
  en: 'Hello! This is how I sound when I read to you.',
  fr: 'Bonjour ! Voici ma voix quand je vous lis un texte.',
  de: 'Hallo! So klingt meine Stimme, wenn ich Ihnen vorlese.',
  es: '¡Hola! Así suena mi voz cuando te leo un texto.',
  it: 'Ciao! Ecco come suona la mia voce quando leggo per te.',
  pt: 'Olá! É assim que soa a minha voz quando leio para você.',
  nl: 'Hallo! Zo klinkt mijn stem als ik je voorlees.',
  sv: 'Hej! Så här låter min röst när jag läser för dig.',
  pl: 'Cześć! Tak brzmi mój głos, kiedy czytam na głos.',
  ru: 'Здравствуйте! Так звучит мой голос, когда я читаю вслух.',
  uk: 'Привіт! Так звучить мій голос, коли я читаю вголос.',
  tr: 'Merhaba! Sesli okurken sesim böyle duyulur.',
  ar: 'مرحبا! هكذا يبدو صوتي عندما أقرأ لك.',
  hi: 'नमस्ते! पढ़कर सुनाते समय मेरी आवाज़ ऐसी लगती है।',
  zh: '你好！这是我朗读时的声音。',
  ja: 'こんにちは。これが私の読み上げの声です。',
  ko: '안녕하세요! 제가 읽어 드릴 때 이런 목소리예요.',
};

/** The sample sentence for a BCP-47 tag (en-GB, cmn-latn-pinyin -> zh is not guessed: English). */
export function sampleSentence(language: string | undefined): string {
  const base = language?.split(/[-_]/)[0]?.toLowerCase() ?? 'en';
  return SENTENCES[base] ?? SENTENCES.en!;
}
