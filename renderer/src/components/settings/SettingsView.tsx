// Settings: the API key first (it is what a new installation needs), then preferences.
import { useMainState } from '../../store/main-state.ts';
import { ViewHeading } from '../ViewHeading.tsx';
import { ApiKeySection } from './ApiKeySection.tsx';
import { PreferencesSection } from './PreferencesSection.tsx';

export function SettingsView() {
  const settings = useMainState((state) => state.settings);
  const version = useMainState((state) => state.version);
  return (
    <section className="view-section" aria-labelledby="settings-view-title">
      <div className="view-head">
        <ViewHeading id="settings-view-title">Settings</ViewHeading>
        <p className="view-lead">Your Linq API key and how the app reads phone numbers.</p>
      </div>
      <div className="settings-grid">
        <ApiKeySection />
        {settings ? <PreferencesSection settings={settings} /> : null}
      </div>
      {version ? <p className="about">Linq Contact Cards {version}</p> : null}
    </section>
  );
}
