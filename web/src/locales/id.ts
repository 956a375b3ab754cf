/** Bahasa Indonesia untuk aplikasi admin (kuncinya sama dengan en.ts). */
import type en from './en.js';

const id: typeof en = {
  common: { loading: 'Memuat…', save: 'Simpan', saving: 'Menyimpan…', saved: 'Tersimpan.', cancel: 'Batal', close: 'Tutup', unexpectedError: 'Terjadi kesalahan. Silakan coba lagi.' },
  roles: { agent: 'Agen', supervisor: 'Supervisor', admin: 'Admin' },
  nav: {
    skip: 'Langsung ke konten', main: 'Utama', dashboard: 'Dasbor', myScores: 'Nilai saya', responses: 'Jawaban', settings: 'Pengaturan', survey: 'Survei pelanggan',
    channels: 'Channel', users: 'Pengguna dan peran', divisions: 'Divisi', officeHours: 'Jam kerja dan SLA', tags: 'Tag', alerts: 'Peringatan', webhooks: 'Webhook', tokens: 'Token API', language: 'Bahasa', signOut: 'Keluar',
  },
  password: { title: 'Ubah kata sandi', current: 'Kata sandi saat ini', new: 'Kata sandi baru', hint: 'Minimal 10 karakter.', submit: 'Ubah kata sandi', changed: 'Kata sandi Anda sudah diubah.' },
  login: { title: 'Masuk', email: 'Email', password: 'Kata sandi', submit: 'Masuk', signingIn: 'Sedang masuk…', wrong: 'Email dan kata sandi tersebut tidak cocok dengan akun mana pun.', workspace: 'Workspace', chooseWorkspace: 'Email dan kata sandi ini membuka lebih dari satu workspace. Isi workspace yang ingin Anda masuki: {{choices}}.' },
  filters: { label: 'Filter', from: 'Dari', to: 'Sampai', type: 'Survei', channel: 'Channel', division: 'Divisi', agent: 'Agen', tag: 'Tag', all: 'Semua', clear: 'Hapus filter' },
  dashboard: {
    title: 'Dasbor', myTitle: 'Nilai saya', rebuilding: 'Zona waktu laporan baru saja diubah: hari laporan sedang dihitung ulang, dan angka per hari mungkin masih mengikuti zona lama untuk sementara.', period: '{{from}} sampai {{to}} ({{tz}})', emptyTitle: 'Belum ada survei pada periode ini',
    emptyBody: 'Jawaban muncul di sini segera setelah pelanggan membalas. Perluas periode atau hapus filter, atau hubungkan channel untuk mulai mengirim survei.',
    csatHint: 'Persentase jawaban puas', cesHint: 'Jawaban mudah dikurangi jawaban sulit', npsHint: 'Promoter dikurangi detraktor', responseRate: 'Tingkat respons', responseRateHint: 'Survei terjawab dari yang terkirim',
    vsPrevious: '{{delta}} dibanding periode sebelumnya', noPrevious: 'Tidak ada periode sebelumnya untuk dibandingkan', ci: 'IK 95% {{low}} sampai {{high}}', lowSample: 'Kurang dari 30 jawaban: baca dengan hati-hati',
    scheduled: 'Survei dijadwalkan', funnel: 'Corong respons', resolved: 'Percakapan selesai', sent: 'Survei dikirim', delivered: 'Terkirim', answered: 'Dijawab',
    funnelOther: 'Juga: {{expired}} kedaluwarsa, {{cancelled}} dibatalkan, {{failed}} gagal, {{skipped}} tidak dikirim karena aturan.',
    npsDistribution: 'Sebaran NPS', promoters: 'Promoter', passives: 'Pasif', detractors: 'Detraktor', npsCaption: '{{promoters}} promoter, {{passives}} pasif, {{detractors}} detraktor.', noNps: 'Tidak ada jawaban NPS pada periode ini.',
    overTime: 'Nilai dari waktu ke waktu', overTimeCaption: 'CSAT (% puas), NPS dan CES per {{grain}}.', grain: { day: 'hari', week: 'minggu', month: 'bulan' },
    by: { channel: 'Per channel', agent: 'Per agen', division: 'Per divisi', tag: 'Per tag' }, name: 'Nama', frtMedian: 'Respons pertama (median, jam kerja)', noData: 'Tidak ada data pada periode ini.',
  },
  responses: {
    title: 'Jawaban', csv: 'Ekspor CSV', xlsx: 'Ekspor Excel', empty: 'Tidak ada jawaban yang cocok dengan filter ini.', answeredAt: 'Dijawab', type: 'Survei', score: 'Nilai', followUp: 'Pertanyaan lanjutan',
    contact: 'Pelanggan', channel: 'Channel', agent: 'Agen', conversation: 'Percakapan', more: 'Tampilkan lebih banyak',
  },
  conversation: {
    statuses: { open: 'Terbuka', resolved: 'Selesai' },
    invitationStatus: { scheduled: 'Dijadwalkan', sending: 'Mengirim', sent: 'Dikirim', delivered: 'Terkirim', answered: 'Dijawab', expired: 'Kedaluwarsa', cancelled: 'Dibatalkan', failed: 'Gagal' },
    skipReasons: {
      no_survey_for_channel: 'tidak ada survei aktif untuk channel ini', manual_not_requested: 'pengiriman manual dan belum diminta', suppressed_by_inbox: 'inbox meminta agar tidak disurvei',
      opted_out: 'pelanggan berhenti menerima survei', no_agent_message: 'tidak ada agen yang membalas dalam percakapan', already_surveyed: 'percakapan ini sudah disurvei',
      cooldown: 'pelanggan baru saja disurvei (jeda antarsurvei)', resolved_too_long_ago: 'selesai lebih lama dari masa berlaku tautan survei',
    },
    title: 'Percakapan {{id}}', back: 'Semua jawaban', status: 'Status', opened: 'Dibuka', resolved: 'Selesai', tags: 'Tag', invitations: 'Survei', noInvitations: 'Tidak ada survei yang dikirim untuk percakapan ini.',
    skipped: 'Tidak dikirim: {{reason}}', messages: 'Pesan', sender: { customer: 'Pelanggan', agent: 'Agen', bot: 'Bot' },
  },
  survey: {
    title: 'Survei pelanggan', lead: 'Pilih survei yang diterima pelanggan setelah percakapan selesai, di channel mana, dan kalimatnya. Pratinjau menampilkan persis apa yang dilihat pelanggan.',
    editLanguage: 'Bahasa teks yang Anda ubah', languages: 'Bahasa', languagesEnabled: 'Bahasa survei', languageDefault: 'Bahasa bawaan (jika bahasa pelanggan tidak diketahui)',
    on: 'Aktif', off: 'Nonaktif',
    types: {
      csat: { title: 'CSAT', name: 'Kepuasan pelanggan', description: 'Seberapa puas pelanggan dengan layanan, dari 1 sampai 5, dijawab dengan emoji.' },
      ces: { title: 'CES', name: 'Usaha pelanggan', description: 'Seberapa mudah pelanggan menyelesaikan masalahnya.' },
      nps: { title: 'NPS', name: 'Net promoter score', description: 'Seberapa mungkin pelanggan merekomendasikan Anda, dari 0 sampai 10.' },
    },
    channelScope: 'Channel', allChannels: 'All channel', selectChannel: 'Select channel', chooseChannels: 'Pilih channel ({{count}} dipilih)', noChannelSelected: 'Belum ada channel yang dipilih.',
    selectChannelTitle: 'Pilih channel untuk {{type}}', searchChannel: 'Cari channel', selectAllChannels: 'Select all channels', noChannelFound: 'Tidak ada channel yang cocok.', done: 'Done',
    question: 'Pertanyaan', characters: '{{count}} karakter (minimal {{min}})', emojiStyle: 'Emoji jawaban', emoji: { faces: 'Wajah', stars: 'Bintang', hearts: 'Hati' }, answerLabel: 'Label {{n}}',
    satisfiedThreshold: 'Puas mulai dari', satisfiedHint: 'Jawaban pada nilai ini atau lebih dihitung puas dalam CSAT %.',
    scaleMin: 'Skala minimum', scaleMax: 'Skala maksimum', lowLabel: 'Label nilai terendah', highLabel: 'Label nilai tertinggi',
    followUp: 'Pertanyaan lanjutan', followUpMode: 'Ajukan pertanyaan lanjutan', mode: { off: 'Tanpa pertanyaan lanjutan', single: 'Satu pertanyaan untuk semua nilai', per_rating: 'Satu pertanyaan per nilai', per_category: 'Satu pertanyaan per detraktor / pasif / promoter' },
    followUpQuestion: 'Pertanyaan lanjutan', followUpForRating: 'Pertanyaan lanjutan untuk nilai {{rating}}', category: { detractor: 'Pertanyaan untuk detraktor (0–6)', passive: 'Pertanyaan untuk pasif (7–8)', promoter: 'Pertanyaan untuk promoter (9–10)' },
    greetings: 'Survey greetings', closing: 'Kalimat penutup', closingHint: 'Dikirim sebelum pertanyaan pertama.', surveyTitle: 'Judul survei', thankYou: 'Pesan terima kasih',
    sendingTitle: 'Pengiriman', sendingMethod: 'Metode pengiriman', automatic: 'Otomatis', manual: 'Manual',
    automaticHint: 'Survei dikirim saat percakapan diselesaikan.', manualHint: 'Agen memilih kapan survei dikirim (atau inbox memintanya saat menyelesaikan percakapan).',
    sending: {
      delayMinutes: 'Jeda (menit)', delayMinutesHint: 'Tunggu selama ini setelah percakapan selesai; jika dibuka kembali, survei dibatalkan.',
      expiryHours: 'Tautan berakhir setelah (jam)', expiryHoursHint: 'Setelah itu survei tidak dapat dijawab lagi.',
      cooldownDays: 'Jeda antarsurvei (hari)', cooldownDaysHint: 'Jangan kirim survei lagi ke pelanggan yang sama dalam jangka ini.',
    },
    save: 'Simpan perubahan', discard: 'Buang perubahan', unsaved: 'Ada perubahan yang belum disimpan.', version: 'Tersimpan sebagai versi {{version}}.', savedVersion: 'Tersimpan. Sekarang versi {{version}}.',
    fixErrors_one: '{{count}} masalah: lihat kolom yang ditandai di bawah.', fixErrors_other: '{{count}} masalah: lihat kolom yang ditandai di bawah.',
    leaveTitle: 'Keluar tanpa menyimpan?', leaveBody: 'Perubahan pengaturan survei Anda belum disimpan dan akan hilang.', stay: 'Tetap di sini', leave: 'Keluar tanpa menyimpan',
  },
  preview: {
    title: 'Pratinjau', channel: 'Channel', anyChannel: 'Semua channel (gaya WhatsApp)', language: 'Bahasa', chat: 'Chat', page: 'Halaman survei', thanks: 'Thank you page',
    chatLabel: 'Survei sebagai chat di {{channel}}', noSurvey: 'Tidak ada survei yang aktif untuk channel ini.', emailLinks: 'Setiap jawaban adalah tautan di dalam email.',
  },
  resource: {
    add: 'Tambah {{noun}}', edit: 'Ubah', editNamed: 'Ubah {{name}}', editTitle: 'Ubah {{name}}', delete: 'Hapus', actions: 'Tindakan', empty: 'Belum ada {{noun}}.', done: 'Selesai',
    confirmTitle: '{{name}}: Anda yakin?', confirmBody: 'Tindakan ini tidak dapat dibatalkan.',
  },
  channels: {
    title: 'Channel', lead: 'Tempat survei dikirim. Uji koneksi setelah memasukkan kredensial; kredensial disimpan terenkripsi dan tidak pernah ditampilkan lagi.', noun: 'channel', archive: 'Arsipkan',
    name: 'Nama', type: 'Jenis', webhook: 'URL webhook (berikan ke penyedia)', credentials: 'Kredensial', optional: 'opsional',
    types: { whatsapp: 'WhatsApp (Cloud API)', telegram: 'Telegram', chatwoot: 'Chatwoot', email: 'Email', web: 'Web / inbox apa pun' },
    fields: {
      callbackUrl: 'URL callback', from: 'Pengirim', phoneNumberId: 'Phone number ID', templateName: 'Nama template (di luar 24 jam)', templateLanguage: 'Bahasa template', verifyToken: 'Verify token',
      baseUrl: 'Alamat Chatwoot', accountId: 'ID akun', apiBaseUrl: 'URL dasar API', smtpUrl: 'URL server SMTP', accessToken: 'Access token', appSecret: 'App secret', botToken: 'Token bot',
      webhookSecret: 'Rahasia webhook', apiToken: 'Token akses API',
    },
    keepSecret: 'Sudah diisi ({{masked}}). Kosongkan untuk mempertahankannya.', secretHint: 'Disimpan terenkripsi; tidak pernah ditampilkan lagi.', signingSecretOnce: 'Salin rahasia penanda tangan sekarang; hanya ditampilkan sekali. Penerima Anda memverifikasi setiap survei dengannya.',
    test: 'Uji koneksi', testNamed: 'Uji koneksi {{name}}', testing: 'Menguji…',
    webhookState: 'Webhook masuk', lastReceived: 'Terakhir diterima {{when}}.', noneReceived: 'Belum ada yang diterima.', lastRefused: 'Terakhir ditolak {{when}}:',
    refusal: {
      no_secret: 'rahasia webhook belum diisi di channel ini.',
      missing_signature: 'tanpa tanda tangan (Chatwoot menandatangani webhook sejak versi 4.11.2; gunakan webhook akun).',
      missing_timestamp: 'bertanda tangan tanpa X-Chatwoot-Timestamp yang valid.',
      stale_timestamp: 'waktunya selisih lebih dari 5 menit dari jam nilai (periksa jam kedua server).',
      mismatch: 'tanda tangan tidak cocok dengan rahasia webhook (salin lagi rahasia webhook ini; lihat chatwoot/chatwoot#13809).',
    },
  },
  chatwootAgents: {
    open: 'Agen', openNamed: 'Agen Chatwoot di {{name}}', title: 'Agen Chatwoot di {{name}}',
    lead: 'Pesan dan percakapan selesai setiap agen Chatwoot dihitung untuk satu pengguna nilai: yang dipetakan di sini, atau pengguna dengan email yang sama, atau satu-satunya pengguna dengan nama yang sama. Sebuah percakapan dihitung untuk agen yang ditugaskan saat percakapan diselesaikan.',
    empty: 'Belum ada agen Chatwoot yang terlihat di webhook.', agent: 'Agen Chatwoot', credited: 'Dihitung untuk', mapping: 'Dipetakan ke', lastSeen: 'Terakhir terlihat', noEmail: 'email belum terlihat',
    automatic: 'Cocokkan dengan email atau nama', unmatched: 'Tidak ada: petakan agen ini', mapNamed: 'Petakan {{name}} ke pengguna nilai', byId: 'Petakan ID agen Chatwoot lain:',
    match: { mapped: 'dipetakan', email: 'email sama', name: 'nama sama' },
  },
  users: {
    title: 'Pengguna dan peran', lead: 'Agen melihat nilainya sendiri; supervisor melihat divisinya dan menerima peringatan; admin mengubah pengaturan.', noun: 'pengguna', name: 'Nama', email: 'Email', phone: 'Telepon', role: 'Peran',
    password: 'Kata sandi', passwordHint: 'Minimal 10 karakter. Kosongkan agar dibuatkan.', newPassword: 'Kata sandi baru', newPasswordHint: 'Kosongkan untuk mempertahankan kata sandi saat ini.', initialPassword: 'Kata sandi yang dibuat (ditampilkan sekali):',
  },
  divisions: { title: 'Divisi', lead: 'Tim dengan supervisor, agen, dan channel-nya; laporan dapat difilter per divisi.', noun: 'divisi', name: 'Nama', supervisor: 'Supervisor', noSupervisor: 'Tanpa supervisor', agents: 'Agen', channels: 'Channel' },
  tokens: {
    title: 'Token API', lead: 'Untuk inbox dan skrip yang memanggil API nilai. Token hanya ditampilkan sekali, saat dibuat.', noun: 'token', name: 'Nama', nameHint: 'Apa yang memakainya, mis. "Event inbox".', role: 'Peran', user: 'Bertindak sebagai pengguna', userHint: 'Wajib untuk token agen.',
    prefix: 'Diawali', lastUsed: 'Terakhir dipakai', status: 'Status', active: 'Aktif', revoke: 'Cabut', revokedOn: 'Dicabut {{date}}', once: 'Salin token sekarang; hanya ditampilkan sekali.',
  },
  webhooks: {
    title: 'Webhook', lead: 'Kirim setiap jawaban ke sistem Anda sendiri begitu masuk (CRM, gudang data, skrip spreadsheet). Setiap POST ditandatangani (Standard Webhooks) dengan rahasia endpoint dan dicoba ulang sekitar satu jam jika server Anda tidak aktif.', noun: 'webhook',
    url: 'URL', urlHint: 'nilai mengirim JSON ke sini.', events: 'Peristiwa', status: 'Status', last: 'Pengiriman terakhir', testNamed: 'Uji koneksi {{url}}',
    event: { created: 'Pelanggan memberi nilai', follow_up: 'Pelanggan menjawab atau melewati pertanyaan lanjutan' },
    delivery: { pending: 'Mencoba ulang', delivered: 'Terkirim', failed: 'Gagal' }, secretOnce: 'Salin rahasia penanda tangan sekarang; hanya ditampilkan sekali. Verifikasi setiap permintaan dengannya.',
  },
  tags: { title: 'Tag', lead: 'Tag berasal dari inbox Anda bersama setiap percakapan (label di Chatwoot, tag di API events); angkanya untuk 90 hari terakhir. Buka tag untuk melihat dasbornya.', empty: 'Tidak ada percakapan bertag dalam 90 hari terakhir.', tag: 'Tag', conversations: 'Percakapan selesai' },
  time: {
    workspace: 'Zona waktu laporan', rebuilding: 'Tersimpan. Laporan sedang dihitung ulang untuk zona waktu baru.', timeZone: 'Zona waktu', timeZoneHint: 'Zona IANA seperti Asia/Jakarta. Hari laporan dimulai tengah malam di zona ini.',
    officeHours: 'Jam kerja', officeHoursLead: 'Waktu respons dan penyelesaian juga diukur dalam jam kerja; kebijakan SLA dapat menghitung jam kerja saja.', officeHoursNoun: 'jam kerja',
    scope: 'Berlaku untuk', workspaceDefault: 'Seluruh workspace', week: 'Minggu', closed: 'Tutup', openings: 'Jam buka', openingsHint: 'Tambahkan rentang kedua untuk jam istirahat; hari tanpa jam berarti tutup.', opensAt: '{{day}} buka pukul', closesAt: '{{day}} tutup pukul', removeRange: 'Hapus jam {{day}} ini', addRange: 'Tambah jam', open: 'Buka hari ini',
    holidays: 'Hari libur', holidaysHint: 'Tanggal tutup sepanjang hari, satu per baris (YYYY-MM-DD).', days: { mon: 'Sen', tue: 'Sel', wed: 'Rab', thu: 'Kam', fri: 'Jum', sat: 'Sab', sun: 'Min' },
    sla: 'Kebijakan SLA', slaLead: 'Target respons pertama dan penyelesaian.', slaNoun: 'kebijakan SLA', slaName: 'Nama', firstResponse: 'Respons pertama', resolution: 'Penyelesaian',
    firstResponseMinutes: 'Respons pertama dalam (menit)', resolutionMinutes: 'Penyelesaian dalam (menit)', clock: 'Dihitung dalam', businessHours: 'Jam kerja', wallClock: 'Semua jam', countBusinessHours: 'Hitung jam kerja saja',
  },
  alerts: {
    title: 'Peringatan', lead: 'Saat pelanggan memberi nilai rendah, kirim email ke supervisor divisi dan/atau buat tiket melalui webhook.', noun: 'aturan peringatan', name: 'Nama', when: 'Jika', actions: 'Maka', status: 'Status',
    rule: 'Nilai {{type}} {{max}} atau lebih rendah', emailSupervisor: 'Email ke supervisor', ticket: 'Webhook tiket', enabled: 'Aktif', disabled: 'Nonaktif', type: 'Survei', maxScore: 'Nilai tertinggi yang memicu', maxScoreHint: 'mis. CSAT 2, NPS 6 (detraktor).',
    webhook: 'URL webhook tiket', webhookHint: 'Opsional. nilai mengirim percakapan dan jawabannya ke sini.',
  },
};

export default id;
