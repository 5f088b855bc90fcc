import { describe, expect, it } from 'vitest';
import { scriptLanguage } from './script-language';

describe('the language a script names', () => {
  it('names the language of scripts written for one, from most of the letters', () => {
    expect(scriptLanguage('བཀྲ་ཤིས་བདེ་ལེགས། ང་བོད་པ་ཡིན།')).toBe('bo');
    expect(scriptLanguage('សួស្តី​ពិភពលោក')).toBe('km');
    expect(scriptLanguage('ሰላም ለዓለም።')).toBe('am');
    expect(scriptLanguage('こんにちは、世界')).toBe('ja');
    // A few foreign words in a Tibetan text do not change it; a Tibetan word in an English one does not either.
    expect(scriptLanguage('བཀྲ་ཤིས་བདེ་ལེགས (hello) ང་བོད་པ་ཡིན')).toBe('bo');
    expect(scriptLanguage('The word བཀྲ་ཤིས means luck, and it is used in greetings.')).toBeNull();
  });

  it('says nothing of scripts shared by many languages, or of a text with no letters', () => {
    expect(scriptLanguage('Hello world')).toBeNull();
    expect(scriptLanguage('Привет, мир')).toBeNull();
    expect(scriptLanguage('مرحبا بالعالم')).toBeNull();
    expect(scriptLanguage('12345 !!! 🎉')).toBeNull();
  });
});
