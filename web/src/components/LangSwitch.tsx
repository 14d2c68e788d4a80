/** Switches English <-> French; the button names the other language in that language. */
import { useTranslation } from 'react-i18next';

export default function LangSwitch() {
  const { i18n } = useTranslation();
  const other = i18n.language === 'fr' ? 'en' : 'fr';
  return (
    <button type="button" className="lang-switch" lang={other} onClick={() => void i18n.changeLanguage(other)}>
      {other === 'fr' ? 'Français' : 'English'}
    </button>
  );
}
