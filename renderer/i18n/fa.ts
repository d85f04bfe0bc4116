/**
 * Every sentence the user reads, in Persian. Logic never holds Persian text; it holds keys.
 * Error codes map to exactly one sentence each, saying what happened and what to do next.
 */
import type { ErrorCode } from '../../core/errors';
import type { Role, Shell } from '../../core/roles';

export const fa = {
  appName: 'دفتریار',
  appTagline: 'نرم‌افزار باجهٔ دفاتر خدمات الکترونیک قضایی',

  shells: {
    counter: 'باجه',
    kiosk: 'کیوسک نوبت‌دهی',
    board: 'تابلوی سالن انتظار',
    manager: 'کنسول مدیر',
    applicant: 'نمایشگر متقاضی',
  } satisfies Record<Shell, string>,

  roles: {
    manager: 'مدیر دفتر',
    legalExpert: 'کارشناس حقوقی',
    clerk: 'کارمند دفتری',
    kiosk: 'کیوسک',
    board: 'تابلو',
    applicant: 'نمایشگر متقاضی',
  } satisfies Record<Role, string>,

  common: {
    loading: 'در حال بارگذاری…',
    logout: 'خروج',
    close: 'بستن',
    save: 'ذخیره',
    officeCode: 'کد دفتر',
    connecting: 'در حال اتصال به سرور دفتر…',
    disconnected: 'ارتباط با سرور دفتر قطع است؛ دوباره تلاش می‌شود.',
    notSetUpDevice: 'دفتر هنوز راه‌اندازی نشده است. پس از راه‌اندازی در باجه یا کنسول مدیر، این صفحه خودبه‌خود آماده می‌شود.',
  },

  setup: {
    title: 'راه‌اندازی دفتر',
    intro: 'این نخستین اجرای دفتریار است. مشخصات دفتر و حساب مدیر دفتر را وارد کنید.',
    officeSection: 'مشخصات دفتر',
    managerSection: 'حساب مدیر دفتر',
    officeName: 'نام دفتر',
    officeNameHint: 'مثلاً «دفتر خدمات الکترونیک قضایی شمارهٔ ۱۲۳۴ تهران»',
    officeCode: 'کد دفتر',
    officeCodeHint: 'کدی که مرکز آمار و فناوری به دفتر داده است (فقط رقم)',
    city: 'شهر',
    displayName: 'نام و نام خانوادگی مدیر',
    username: 'نام کاربری',
    usernameHint: 'حروف انگلیسی کوچک، رقم، نقطه یا خط تیره؛ ۳ تا ۳۲ نویسه',
    password: 'گذرواژه',
    passwordHint: 'دست‌کم ۸ نویسه؛ نام کاربری در آن نباشد',
    passwordRepeat: 'تکرار گذرواژه',
    passwordMismatch: 'دو گذرواژه یکسان نیستند.',
    submit: 'راه‌اندازی دفتر',
    done: 'دفتر راه‌اندازی شد. اکنون با حساب مدیر وارد شوید.',
  },

  login: {
    title: 'ورود به دفتریار',
    username: 'نام کاربری',
    password: 'گذرواژه',
    submit: 'ورود',
    wrongShell: 'این بخش فقط برای مدیر دفتر است. برای کار در باجه، نشانی باجه را باز کنید.',
  },

  header: {
    signedInAs: 'کاربر',
  },

  counter: {
    queueTitle: 'نوبت‌ها',
    currentTicket: 'نوبت جاری',
    noTicket: 'نوبتی فراخوانده نشده است.',
    queueEmpty: 'هنوز نوبتی صادر نشده است. نوبت‌هایی که کیوسک صادر می‌کند اینجا، به تفکیک خدمت، نمایش داده می‌شوند.',
    callNext: 'فراخوانی نوبت بعد',
    requestTitle: 'درخواست',
    requestEmpty: 'درخواستی باز نیست. با فراخوانی نوبت بعد، درخواست متقاضی اینجا باز می‌شود و مراحل قانونی آن به ترتیب نمایش داده می‌شود.',
    steps: ['احراز هویت', 'جزئیات درخواست', 'هزینه‌ها', 'پرداخت', 'اسناد', 'رؤیت متقاضی', 'مطابقت با اصل', 'ارسال'],
    syncState: 'سامانهٔ مرکزی: هنوز پیکربندی نشده',
    printerState: 'چاپگر: تعریف نشده',
    scannerState: 'اسکنر: تعریف نشده',
    shortcutsTitle: 'میان‌برهای صفحه‌کلید',
    shortcuts: [
      ['F1', 'نمایش همین راهنما'],
      ['F2', 'فراخوانی نوبت بعد'],
      ['Enter', 'مرحلهٔ بعد / تأیید'],
      ['Esc', 'بازگشت / بستن'],
      ['Tab', 'رفتن به خانهٔ بعد'],
    ] as ReadonlyArray<readonly [string, string]>,
    comingWithQueue: 'نوبت‌دهی هنوز فعال نشده است.',
  },

  kiosk: {
    welcome: 'به دفتر خدمات الکترونیک قضایی خوش آمدید',
    takeTicket: 'برای دریافت نوبت، خدمت مورد نظر را لمس کنید',
    noServices: 'خدمات دفتر هنوز تعریف نشده‌اند. پس از تعریف خدمات در کنسول مدیر، دکمه‌های دریافت نوبت اینجا نمایش داده می‌شوند.',
  },

  board: {
    lastCalls: 'آخرین فراخوان‌ها',
    noCalls: 'هر شمارهٔ فراخوانده‌شده و باجهٔ آن اینجا، همراه با اعلام صوتی، نمایش داده می‌شود.',
    number: 'شماره',
    waitingForFirstCall: 'هنوز شماره‌ای فراخوانده نشده است',
    counter: 'باجه',
  },

  applicant: {
    wait: 'لطفاً منتظر بمانید',
    idle: 'هنگام رسیدگی به درخواست شما، هزینه‌ها و اسناد اسکن‌شده اینجا نمایش داده می‌شود تا آن‌ها را ببینید و تأیید کنید.',
    tariffs: 'تعرفهٔ خدمات دفتر',
    tariffsEmpty: 'جدول تعرفه‌ها پس از بارگذاری در کنسول مدیر اینجا نمایش داده می‌شود.',
  },

  manager: {
    nav: {
      dashboard: 'پیشخوان',
      reports: 'گزارش‌ها',
      tariffs: 'تعرفه‌ها',
      services: 'خدمات و باجه‌ها',
      staff: 'کارکنان و دستگاه‌ها',
      audit: 'رویدادنگاری',
      settings: 'تنظیمات',
    },
    officeCard: 'مشخصات دفتر',
    officeName: 'نام دفتر',
    city: 'شهر',
    liveTitle: 'وضعیت زندهٔ دفتر',
    liveEmpty: 'صف‌ها، باجه‌ها و وضعیت همگام‌سازی با سامانهٔ مرکزی پس از فعال شدن نوبت‌دهی اینجا نمایش داده می‌شود.',
    staffTitle: 'کارکنان',
    staffColumns: { name: 'نام', username: 'نام کاربری', role: 'نقش', active: 'وضعیت', since: 'تاریخ ثبت' },
    active: 'فعال',
    inactive: 'غیرفعال',
    sectionEmpty: 'این بخش در نسخه‌های بعدی افزوده می‌شود.',
  },

  fields: {
    too_small: 'کوتاه‌تر از حد مجاز است.',
    too_big: 'بلندتر از حد مجاز است.',
    too_short: 'کوتاه‌تر از حد مجاز است.',
    invalid_format: 'قالب آن درست نیست.',
    invalid_type: 'این خانه را پر کنید.',
    contains_username: 'گذرواژه نباید نام کاربری را در خود داشته باشد.',
  } as Record<string, string>,

  errors: {
    MALFORMED_FRAME: 'پیام نامعتبری به سرور دفتر رسید. صفحه را دوباره بارگذاری کنید.',
    MESSAGE_TOO_LARGE: 'حجم اطلاعات ارسالی بیش از حد مجاز است.',
    UNKNOWN_PROCEDURE: 'این عملیات در سرور دفتر شناخته نیست؛ شاید نسخهٔ برنامه‌ها یکسان نیست.',
    UNKNOWN_EVENT: 'این رویداد در سرور دفتر شناخته نیست؛ شاید نسخهٔ برنامه‌ها یکسان نیست.',
    INVALID_INPUT: 'برخی خانه‌ها درست پر نشده‌اند. موارد مشخص‌شده را اصلاح کنید.',
    HUB_UNREACHABLE: 'سرور دفتر در دسترس نیست. اتصال شبکه یا روشن بودن سرور را بررسی کنید.',
    TIMEOUT: 'سرور دفتر به‌موقع پاسخ نداد. دوباره تلاش کنید.',
    INTERNAL: 'خطای داخلی در سرور دفتر رخ داد. دوباره تلاش کنید و اگر تکرار شد به پشتیبانی خبر دهید.',
    UNAUTHENTICATED: 'نشست شما معتبر نیست. دوباره وارد شوید.',
    SESSION_EXPIRED: 'نشست شما به پایان رسیده است. دوباره وارد شوید.',
    FORBIDDEN: 'نقش شما اجازهٔ این کار را ندارد.',
    INVALID_CREDENTIALS: 'نام کاربری یا گذرواژه درست نیست.',
    ACCOUNT_LOCKED: 'به‌دلیل چند تلاش ناموفق، این حساب موقتاً قفل شده است.',
    NOT_SET_UP: 'دفتر هنوز راه‌اندازی نشده است.',
    ALREADY_SET_UP: 'این دفتر پیش‌تر راه‌اندازی شده است. برای ورود، صفحه را دوباره بارگذاری کنید.',
    WEAK_PASSWORD: 'گذرواژه به اندازهٔ کافی امن نیست.',
  } satisfies Record<ErrorCode, string>,
} as const;

export type Messages = typeof fa;
