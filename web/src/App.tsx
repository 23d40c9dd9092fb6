import { AdminApp } from './admin/AdminApp';
import { AuditorApp } from './auditor/AuditorApp';
import { Layout } from './components/common';
import { useI18n } from './i18n';
import { KeyholderApp } from './keyholder/KeyholderApp';
import { ElectionPage, HomePage, TrackerLookupPage } from './public/pages';
import { Link, match, useLocation } from './router';
import { VoterApp } from './voter/VoterApp';

export function App() {
  const loc = useLocation();
  const { t } = useI18n();
  const p = loc.path.replace(/\/+$/, '') || '/';
  if (p === '/') return <HomePage />;
  if (p === '/v' || p.startsWith('/v/')) return <VoterApp />;
  if (p === '/track') return <TrackerLookupPage />;
  const e = match('/e/:eid', p);
  if (e) return <ElectionPage electionId={e['eid']!} />;
  if (p === '/admin' || p.startsWith('/admin/')) return <AdminApp />;
  if (p === '/keyholder') return <KeyholderApp />;
  if (p === '/audit' || p.startsWith('/audit/')) return <AuditorApp />;
  return (
    <Layout title={t('notFound.title')}>
      <h1>{t('notFound.title')}</h1>
      <p>
        <Link to="/">{t('notFound.home')}</Link>
      </p>
    </Layout>
  );
}
