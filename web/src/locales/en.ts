/** English words of the admin app (id.ts must have the same keys: it is typed by this file). */
const en = {
  common: { loading: 'Loading…', save: 'Save', saving: 'Saving…', saved: 'Saved.', cancel: 'Cancel', close: 'Close', unexpectedError: 'Something went wrong. Please try again.' },
  roles: { agent: 'Agent', supervisor: 'Supervisor', admin: 'Admin' },
  nav: {
    skip: 'Skip to content', main: 'Main', dashboard: 'Dashboard', myScores: 'My scores', responses: 'Responses', settings: 'Settings', survey: 'Customer survey',
    channels: 'Channels', users: 'Users and roles', divisions: 'Divisions', officeHours: 'Office hours and SLA', alerts: 'Alerts', tokens: 'API tokens', language: 'Language', signOut: 'Sign out',
  },
  password: { title: 'Change password', current: 'Current password', new: 'New password', hint: 'At least 10 characters.', submit: 'Change password', changed: 'Your password has been changed.' },
  login: { title: 'Sign in', email: 'Email', password: 'Password', submit: 'Sign in', signingIn: 'Signing in…', wrong: 'That email and password do not match an account.' },
  filters: { label: 'Filters', from: 'From', to: 'To', type: 'Survey', channel: 'Channel', division: 'Division', agent: 'Agent', tag: 'Tag', all: 'All', clear: 'Clear filters' },
  dashboard: {
    title: 'Dashboard', myTitle: 'My scores', period: '{{from}} to {{to}} ({{tz}})', emptyTitle: 'No surveys in this period yet',
    emptyBody: 'Answers appear here as soon as customers reply. Widen the period or clear the filters, or connect a channel to start sending surveys.',
    csatHint: 'Share of satisfied answers', cesHint: 'Easy minus hard answers', npsHint: 'Promoters minus detractors', responseRate: 'Response rate', responseRateHint: 'Answered of delivered surveys',
    vsPrevious: '{{delta}} vs previous period', noPrevious: 'No previous period to compare', ci: '95% CI {{low}} to {{high}}', lowSample: 'Fewer than 30 answers: read with care',
    scheduled: 'Surveys scheduled', funnel: 'Response funnel', resolved: 'Resolved conversations', sent: 'Surveys sent', delivered: 'Delivered', answered: 'Answered',
    funnelOther: 'Also: {{expired}} expired, {{cancelled}} cancelled, {{failed}} failed, {{skipped}} not sent by the rules.',
    npsDistribution: 'NPS distribution', promoters: 'Promoters', passives: 'Passives', detractors: 'Detractors', npsCaption: '{{promoters}} promoters, {{passives}} passives, {{detractors}} detractors.', noNps: 'No NPS answers in this period.',
    overTime: 'Scores over time', overTimeCaption: 'CSAT (% satisfied), NPS and CES per {{grain}}.', grain: { day: 'day', week: 'week', month: 'month' },
    by: { channel: 'By channel', agent: 'By agent', division: 'By division' }, name: 'Name', frtMedian: 'First response (median, office hours)', noData: 'No data in this period.',
  },
  responses: {
    title: 'Responses', csv: 'Export CSV', xlsx: 'Export Excel', empty: 'No responses match these filters.', answeredAt: 'Answered', type: 'Survey', score: 'Score', followUp: 'Follow-up',
    contact: 'Customer', channel: 'Channel', agent: 'Agent', conversation: 'Conversation', more: 'Show more',
  },
  conversation: {
    title: 'Conversation {{id}}', back: 'All responses', status: 'Status', opened: 'Opened', resolved: 'Resolved', tags: 'Tags', invitations: 'Surveys', noInvitations: 'No survey was sent for this conversation.',
    skipped: 'Not sent: {{reason}}', messages: 'Messages', sender: { customer: 'Customer', agent: 'Agent', bot: 'Bot' },
  },
  survey: {
    title: 'Customer survey', lead: 'Choose which surveys customers get after a conversation is resolved, where, and what they say. The preview shows exactly what customers will see.',
    editLanguage: 'Language of the texts you edit', languages: 'Languages', languagesEnabled: 'Survey languages', languageDefault: 'Default language (when the customer\'s language is unknown)',
    on: 'On', off: 'Off',
    types: {
      csat: { title: 'CSAT', name: 'Customer satisfaction', description: 'How satisfied the customer is with the service, from 1 to 5, answered with emoji.' },
      ces: { title: 'CES', name: 'Customer effort', description: 'How easy it was for the customer to get their issue solved.' },
      nps: { title: 'NPS', name: 'Net promoter score', description: 'How likely the customer is to recommend you, from 0 to 10.' },
    },
    channelScope: 'Channels', allChannels: 'All channel', selectChannel: 'Select channel', chooseChannels: 'Choose channels ({{count}} selected)', noChannelSelected: 'No channel selected yet.',
    selectChannelTitle: 'Select channels for {{type}}', searchChannel: 'Search channel', selectAllChannels: 'Select all channels', noChannelFound: 'No channel matches.', done: 'Done',
    question: 'Question', characters: '{{count}} characters (at least {{min}})', emojiStyle: 'Answer emoji', emoji: { faces: 'Faces', stars: 'Stars', hearts: 'Hearts' }, answerLabel: 'Label {{n}}',
    satisfiedThreshold: 'Satisfied from', satisfiedHint: 'Answers at or above this count as satisfied in the CSAT %.',
    scaleMin: 'Minimum scale', scaleMax: 'Maximum scale', lowLabel: 'Label of the lowest score', highLabel: 'Label of the highest score',
    followUp: 'Follow-up question', followUpMode: 'Ask a follow-up', mode: { off: 'No follow-up', single: 'One question for all ratings', per_rating: 'One question per rating', per_category: 'One question per detractor / passive / promoter' },
    followUpQuestion: 'Follow-up question', followUpForRating: 'Follow-up for rating {{rating}}', category: { detractor: 'Follow-up for detractors (0–6)', passive: 'Follow-up for passives (7–8)', promoter: 'Follow-up for promoters (9–10)' },
    greetings: 'Survey greetings', closing: 'Closing sentence', closingHint: 'Sent before the first question.', surveyTitle: 'Survey title', thankYou: 'Thank-you message',
    sendingTitle: 'Sending', sendingMethod: 'Sending method', automatic: 'Automatic', manual: 'Manual',
    automaticHint: 'The survey is sent when a conversation is resolved.', manualHint: 'Agents choose when to send the survey (or the inbox asks for it when resolving).',
    sending: {
      delayMinutes: 'Delay (minutes)', delayMinutesHint: 'Wait this long after the resolve; a reopen in the meantime cancels the survey.',
      expiryHours: 'Link expires after (hours)', expiryHoursHint: 'After this the survey can no longer be answered.',
      cooldownDays: 'Cooldown (days)', cooldownDaysHint: 'Do not survey the same customer again within this many days.',
    },
    save: 'Save changes', discard: 'Discard changes', unsaved: 'You have unsaved changes.', version: 'Saved as version {{version}}.', savedVersion: 'Saved. This is now version {{version}}.',
    fixErrors_one: '{{count}} problem: see the field marked below.', fixErrors_other: '{{count}} problems: see the fields marked below.',
    leaveTitle: 'Leave without saving?', leaveBody: 'Your changes to the survey settings are not saved yet and will be lost.', stay: 'Stay', leave: 'Leave without saving',
  },
  preview: {
    title: 'Preview', channel: 'Channel', anyChannel: 'Any channel (WhatsApp style)', language: 'Language', chat: 'Chat', page: 'Survey page', thanks: 'Thank you page',
    chatLabel: 'The survey as a chat in {{channel}}', noSurvey: 'No survey is switched on for this channel.', emailLinks: 'Each answer is a link in the email.',
  },
  resource: {
    add: 'Add {{noun}}', edit: 'Edit', editNamed: 'Edit {{name}}', editTitle: 'Edit {{name}}', delete: 'Delete', actions: 'Actions', empty: 'No {{noun}} yet.', done: 'Done',
    confirmTitle: '{{name}}: are you sure?', confirmBody: 'This cannot be undone.',
  },
  channels: {
    title: 'Channels', lead: 'Where surveys are sent. Test the connection after entering credentials; they are stored encrypted and never shown again.', noun: 'channel', archive: 'Archive',
    name: 'Name', type: 'Type', webhook: 'Webhook URL (give it to the provider)', credentials: 'Credentials', optional: 'optional',
    types: { whatsapp: 'WhatsApp (Cloud API)', telegram: 'Telegram', chatwoot: 'Chatwoot', email: 'Email', web: 'Web / any inbox' },
    fields: {
      callbackUrl: 'Callback URL', from: 'Sender', phoneNumberId: 'Phone number ID', templateName: 'Template name (outside 24 hours)', templateLanguage: 'Template language', verifyToken: 'Verify token',
      baseUrl: 'Chatwoot address', accountId: 'Account ID', apiBaseUrl: 'API base URL', smtpUrl: 'SMTP server URL', accessToken: 'Access token', appSecret: 'App secret', botToken: 'Bot token',
      webhookSecret: 'Webhook secret', apiToken: 'API access token',
    },
    keepSecret: 'Set ({{masked}}). Leave empty to keep it.', secretHint: 'Stored encrypted; never shown again.', signingSecretOnce: 'Copy the signing secret now; it is shown only once. Your receiver verifies each survey with it.',
    test: 'Test connection', testNamed: 'Test connection of {{name}}', testing: 'Testing…',
  },
  users: {
    title: 'Users and roles', lead: 'Agents see their own scores; supervisors see their divisions and get alerts; admins change settings.', noun: 'user', name: 'Name', email: 'Email', phone: 'Phone', role: 'Role',
    password: 'Password', passwordHint: 'At least 10 characters. Leave empty to generate one.', newPassword: 'New password', newPasswordHint: 'Leave empty to keep the current password.', initialPassword: 'The generated password (shown once):',
  },
  divisions: { title: 'Divisions', lead: 'Teams with a supervisor, their agents and channels; reports can be filtered by division.', noun: 'division', name: 'Name', supervisor: 'Supervisor', noSupervisor: 'No supervisor', agents: 'Agents', channels: 'Channels' },
  tokens: {
    title: 'API tokens', lead: 'For inboxes and scripts that call the nilai API. A token is shown once, when created.', noun: 'token', name: 'Name', nameHint: 'What uses it, e.g. "Inbox events".', role: 'Role', user: 'Acting as user', userHint: 'Required for agent tokens.',
    prefix: 'Starts with', lastUsed: 'Last used', status: 'Status', active: 'Active', revoke: 'Revoke', revokedOn: 'Revoked {{date}}', once: 'Copy the token now; it is shown only once.',
  },
  time: {
    workspace: 'Reporting time zone', timeZone: 'Time zone', timeZoneHint: 'An IANA zone such as Asia/Jakarta. Report days start at midnight in this zone.',
    officeHours: 'Office hours', officeHoursLead: 'Response and resolution times are also measured in office hours; SLA policies can count only those.', officeHoursNoun: 'office hours',
    scope: 'Applies to', workspaceDefault: 'The whole workspace', week: 'Week', closed: 'Closed', openings: 'Opening hours', openingsHint: 'Per day, e.g. 09:00-12:00, 13:00-17:00. Empty means closed.',
    holidays: 'Holidays', holidaysHint: 'Dates closed all day, one per line (YYYY-MM-DD).', days: { mon: 'Mon', tue: 'Tue', wed: 'Wed', thu: 'Thu', fri: 'Fri', sat: 'Sat', sun: 'Sun' },
    sla: 'SLA policies', slaLead: 'Targets for first response and resolution.', slaNoun: 'SLA policy', slaName: 'Name', firstResponse: 'First response', resolution: 'Resolution',
    firstResponseMinutes: 'First response within (minutes)', resolutionMinutes: 'Resolution within (minutes)', clock: 'Counted in', businessHours: 'Office hours', wallClock: 'All hours', countBusinessHours: 'Count office hours only',
  },
  alerts: {
    title: 'Alerts', lead: 'When a customer gives a low score, email the division supervisor and/or open a ticket through a webhook.', noun: 'alert rule', name: 'Name', when: 'When', actions: 'Then', status: 'Status',
    rule: '{{type}} score {{max}} or lower', emailSupervisor: 'Email the supervisor', ticket: 'Ticket webhook', enabled: 'Enabled', disabled: 'Disabled', type: 'Survey', maxScore: 'Highest score that alerts', maxScoreHint: 'e.g. CSAT 2, NPS 6 (detractors).',
    webhook: 'Ticket webhook URL', webhookHint: 'Optional. nilai POSTs the conversation and the answer here.',
  },
};

export default en;
