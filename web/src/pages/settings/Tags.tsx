/**
 * Tags: they come from the inbox with each conversation (events' `conversation.tags`, Chatwoot labels),
 * so there is nothing to create here; this lists the tags seen in the last 90 days with their figures,
 * each linking to the dashboard filtered by it.
 */
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, qs } from '../../api.js';
import { Empty, ErrorNotice, Loading, PageHeader } from '../../components/ui.js';

interface TagGroup {
  key: string;
  label: string;
  resolvedConversations: number;
  csat: { n: number; percent: number | null };
  nps: { n: number; score: number | null };
}

const DAY = 86_400_000;

export function TagsPage() {
  const { t, i18n } = useTranslation();
  const from = new Date(Date.now() - 89 * DAY).toISOString().slice(0, 10);
  const q = useQuery({ queryKey: ['summary', 'tags', from], queryFn: () => api<{ groups: TagGroup[] }>('GET', `/api/v1/reports/summary${qs({ from, groupBy: 'tag' })}`) });
  const nf = new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 1 });
  const groups = [...(q.data?.groups ?? [])].sort((a, b) => b.resolvedConversations - a.resolvedConversations);
  return (
    <div>
      <PageHeader title={t('tags.title')} />
      <p className="lead">{t('tags.lead')}</p>
      <ErrorNotice error={q.error} />
      {q.isPending ? <Loading /> : !groups.length ? <Empty title={t('tags.empty')} /> : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('tags.tag')}</th>
                <th scope="col" className="num">{t('tags.conversations')}</th>
                <th scope="col" className="num">CSAT</th>
                <th scope="col" className="num">NPS</th>
              </tr>
            </thead>
            <tbody>
              {groups.map((g) => (
                <tr key={g.key}>
                  <th scope="row"><Link to={`/${qs({ tag: g.key, from })}`}>{g.label}</Link></th>
                  <td className="num">{g.resolvedConversations}</td>
                  <td className="num">{g.csat.percent === null ? '—' : `${nf.format(g.csat.percent)}%`} <span className="muted">(n = {g.csat.n})</span></td>
                  <td className="num">{g.nps.score === null ? '—' : nf.format(g.nps.score)} <span className="muted">(n = {g.nps.n})</span></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
