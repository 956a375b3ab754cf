import { renderWidgetDemoPage } from '../domain/render/widget-demo.js';
import type { Db } from '../store/db.js';
import { firstWidgetChannel } from '../store/widget.js';

export async function renderWidgetDemo(db: Db, publicUrl: string, acceptLanguage: string | undefined): Promise<string> {
  const lang = /^\s*(id|in)\b/i.test(acceptLanguage ?? '') ? 'id' : 'en';
  return renderWidgetDemoPage(publicUrl, await firstWidgetChannel(db), lang);
}
