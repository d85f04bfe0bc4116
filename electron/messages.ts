/**
 * Every Persian sentence the main process shows (window titles, menu, dialogs) — the Electron
 * layer's message catalogue. The renderer keeps its own (renderer/i18n/fa.ts); this layer may
 * not import the renderer, and these strings appear before any page has loaded.
 */
import type { Shell } from '../core/roles';
import { toPersianDigits } from '../core/text/digits';

/** Keep a left-to-right run (a folder path, an English error) whole inside Persian text. */
function ltr(text: string): string {
  return `\u2066${text}\u2069`;
}

export const messages = {
  appName: 'دفتریار',

  firstRunTitle: 'دفتریار — راه‌اندازی این رایانه',

  /** the workstation's update prompt (electron/updater.ts, docs/UPDATES.md) */
  update: {
    title: 'به‌روزرسانی دفتریار',
    ready: (version: string) => `نسخهٔ ${toPersianDigits(version)} دفتریار از رایانهٔ اصلی دفتر رسیده و آمادهٔ نصب است.`,
    detail: (current: string) => `این رایانه اکنون نسخهٔ ${toPersianDigits(current)} را دارد. نصب چند دقیقه طول می‌کشد و برنامه پس از آن دوباره باز می‌شود؛ کار نیمه‌تمامی را پیش از آن به پایان برسانید.`,
    refusedDetail: (current: string) => `رایانهٔ اصلی دفتر این رایانه را با نسخهٔ ${toPersianDigits(current)} نمی‌پذیرد؛ تا به‌روزرسانی نصب نشود، از این رایانه کاری پیش نمی‌رود.`,
    install: 'نصب به‌روزرسانی و راه‌اندازی دوباره',
    later: 'بعداً',
  },

  windowTitle: {
    counter: 'دفتریار — باجه',
    kiosk: 'دفتریار — کیوسک نوبت',
    board: 'دفتریار — تابلوی نوبت',
    manager: 'دفتریار — مدیریت',
    applicant: 'دفتریار — صفحهٔ متقاضی',
  } satisfies Record<Shell, string>,

  menu: {
    file: 'پرونده',
    quit: 'خروج',
    edit: 'ویرایش',
    undo: 'واگرد',
    redo: 'ازنو',
    cut: 'برش',
    copy: 'رونوشت',
    paste: 'چسباندن',
    selectAll: 'گزینش همه',
    view: 'نما',
    reload: 'بارگذاری دوباره',
    zoomIn: 'بزرگ‌نمایی',
    zoomOut: 'کوچک‌نمایی',
    resetZoom: 'اندازهٔ عادی',
    fullscreen: 'تمام‌صفحه',
    devTools: 'ابزار توسعه‌دهندگان',
    help: 'راهنما',
    about: 'درباره دفتریار',
  },

  about: {
    title: 'درباره دفتریار',
    message: 'دفتریار',
    detail: (version: string) => `نرم‌افزار دفاتر خدمات الکترونیک قضایی\nنسخهٔ ${toPersianDigits(version)}`,
    ok: 'باشه',
  },

  keyRotation: {
    title: 'تعویض کلید رمزگذاری',
    closeFirst: (flag: string) => `کلید رمزگذاری داده‌ها فقط هنگام باز شدن دفتریار عوض می‌شود. دفتریار را ببندید و دوباره با گزینهٔ ${ltr(flag)} باز کنید.`,
  },

  errors: {
    title: 'دفتریار باز نشد',
    databaseInUse: (dataDir: string) =>
      `پوشهٔ داده‌های دفتر (${ltr(dataDir)}) را برنامهٔ دفتریار دیگری در دست دارد. ` +
      'داده‌های هر دفتر را فقط یک برنامه می‌تواند بنویسد؛ آن برنامه را ببندید و دوباره دفتریار را باز کنید.',
    badArguments: (detail: string) => `گزینه‌های اجرای برنامه نادرست است: ${ltr(detail)}`,
    keyMissing: 'داده‌های دفتر رمزگذاری شده‌اند و کلید آن‌ها روی این رایانه پیدا نشد. کلید را از جایی که نگه داشته‌اید بازگردانید یا با پشتیبانی تماس بگیرید؛ کلید تازه داده‌ها را باز نمی‌کند.',
    keyWrong: 'کلید این رایانه داده‌های دفتر را باز نمی‌کند (کلید دیگری است یا پرونده آسیب دیده است). کلید درست را بازگردانید یا از پشتیبان استفاده کنید.',
    keyUnusable: 'کلید رمزگذاری داده‌های دفتر خوانا نیست یا دیگران هم می‌توانند آن را بخوانند. جزئیات در گزارش برنامه ثبت شد؛ آن را به پشتیبانی بدهید.',
    settingsDamaged: (file: string) =>
      `تنظیمات اتصال این رایانه به سرور دفتر (${ltr(file)}) آسیب دیده است. آن پرونده را پاک کنید و با کد تازه‌ای از مدیر دفتر دوباره به دفتر وصل شوید.`,
    joinFailed: (detail: string) => `وصل شدن به سرور دفتر از خط فرمان انجام نشد: ${ltr(detail)}. نشانی سرور و کد ۱۲ رقمی را بررسی کنید یا کد تازه‌ای از مدیر دفتر بگیرید.`,
    startFailed: 'دفتریار نتوانست راه بیفتد. جزئیات خطا در گزارش برنامه ثبت شد؛ آن را به پشتیبانی بدهید.',
    superseded: (by: string) =>
      `هاب پشتیبان${by ? ` (${ltr(by)})` : ''} جای این رایانه را به‌عنوان سرور دفتر گرفته است و باجه‌ها به آن وصل‌اند؛ ` +
      'این رایانه دیگر سرور دفتر نیست تا دو سرور با هم کار نکنند. اگر مدیر دفتر می‌خواهد این رایانه دوباره سرور باشد، ' +
      `راهنمای «پشتیبان و بازیابی»، بخش «اگر سرور قدیمی دوباره روشن شد» را ببینید (${ltr('npm run standby -- resume')}).`,
  },
} as const;
