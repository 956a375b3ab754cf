/** Every answer with its follow-up text and conversation, filtered like the dashboard, with exports. */
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, qs } from '../api.js';
import { Filters, useFilters } from '../components/Filters.js';
import { Empty, ErrorNotice, Loading, PageHeader } from '../components/ui.js';
import { TicketButton } from '../components/ContactCard.js';

interface ResponseItem {
  id: string;
  surveyType: string;
  score: number;
  scale: { min: number; max: number };
  followUpQuestion: string | null;
  followUpText: string | null;
  answeredAt: string;
  conversation: { id: string | null; channel: { name: string | null }; agent: { name: string | null } | null; division: { name: string | null } | null; tags: string[]; contact: { id: string; name: string | null } | null };
  source: string;
  pageUrl: string | null;
}

export function Responses() {
  const { t, i18n } = useTranslation();
  const [filters] = useFilters();
  // Dates go as they are: the API reads them in the workspace time zone, like the dashboard.
  const query = filters;
  const pages = useInfiniteQuery({
    queryKey: ['responses', query],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }) => api<{ items: ResponseItem[]; nextCursor: string | null }>('GET', `/api/v1/responses${qs({ ...query, limit: 50, cursor: pageParam })}`, undefined, {}, signal),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = pages.data?.pages.flatMap((p) => p.items) ?? [];
  const when = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' });
  return (
    <div>
      <PageHeader title={t('responses.title')}>
        <a className="button" href={`/api/v1/responses${qs({ ...query, format: 'csv' })}`} download>{t('responses.csv')}</a>
        <a className="button" href={`/api/v1/responses${qs({ ...query, format: 'xlsx' })}`} download>{t('responses.xlsx')}</a>
      </PageHeader>
      <Filters />
      <ErrorNotice error={pages.error} />
      {pages.isPending ? (
        <Loading />
      ) : !items.length ? (
        <Empty title={t('responses.empty')} />
      ) : (
        <div className="table-wrap">
          <table className="responses-table">
            <caption className="visually-hidden">{t('responses.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('responses.answeredAt')}</th>
                <th scope="col">{t('responses.type')}</th>
                <th scope="col" className="num">{t('responses.score')}</th>
                <th scope="col">{t('responses.followUp')}</th>
                <th scope="col">{t('responses.contact')}</th>
                <th scope="col">{t('responses.channel')}</th>
                <th scope="col">{t('responses.agent')}</th>
                <th scope="col">{t('responses.conversation')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((r) => (
                <tr key={r.id}>
                  <td>{when.format(new Date(r.answeredAt))}</td>
                  <td>{r.surveyType.toUpperCase()}</td>
                  <td className="num"><span className={`score-pill ${tone(r)}`}>{r.score}</span><span className="muted"> / {r.scale.max}</span></td>
                  <td className="follow-up-cell">
                    {r.followUpText ? <><span className="muted">{r.followUpQuestion}</span><br />“{r.followUpText}”</> : <span className="muted">—</span>}
                  </td>
                  <td>{r.conversation.contact ? (r.conversation.contact.name ?? r.conversation.contact.id) : '—'}</td>
                  <td>{r.conversation.channel.name}</td>
                  <td>{r.conversation.agent?.name ?? '—'}</td>
                  <td>{r.conversation.id ? <><Link to={`/conversations/${encodeURIComponent(r.conversation.id)}`}>{r.conversation.id}</Link> <TicketButton conversationId={r.conversation.id} responseId={r.id} /></> : (r.pageUrl ?? r.source)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {pages.hasNextPage && (
        <p className="center">
          <button type="button" className="button" onClick={() => void pages.fetchNextPage()} disabled={pages.isFetchingNextPage}>{pages.isFetchingNextPage ? t('common.loading') : t('responses.more')}</button>
        </p>
      )}
    </div>
  );
}

/** Low, middle or high on its own scale, for the colour of the score. */
function tone(r: ResponseItem): string {
  const x = (r.score - r.scale.min) / (r.scale.max - r.scale.min);
  return x >= 0.75 ? 'good' : x <= 0.4 ? 'bad' : 'mid';
}
