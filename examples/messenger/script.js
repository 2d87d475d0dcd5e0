// The demo's content: per language, the contact, the scripted messages that arrive (ordinary
// chat first, then grooming), the default country, and the few texts of the demo's own chrome.
// The nudge's texts are not here: they come from tumar (rules/locales).

/**
 * @typedef {object} Script
 * @property {'ltr' | 'rtl'} dir
 * @property {string} country default support-service country
 * @property {string} contact the contact's name
 * @property {string[]} messages what the contact writes, in order
 * @property {Record<string, string>} ui the demo's own labels
 */

/** @type {Record<string, Script>} */
export const SCRIPTS = {
  kk: {
    dir: 'ltr',
    country: 'KZ',
    contact: 'Арман',
    messages: [
      'сәлем! топтағы суретің керемет екен 😊',
      'демалыста не ойнайсың?',
      'сен жасыңа қарағанда ересексің, бірақ ата-анаң білмесін',
      'қазір үйде жалғызсың ба?',
    ],
    ui: {
      demo: 'демо мессенджер',
      language: 'Тіл',
      country: 'Ел',
      online: 'желіде',
      placeholder: 'Хабарлама',
      send: 'Жіберу',
      next: 'Келесі хабарлама',
      privacy: 'Әр хабарлама осы құрылғыда тексеріледі. Ешнәрсе еш жаққа жіберілмейді.',
      blocked: 'Сіз бұл контактіні бұғаттадыңыз.',
      reported: 'Шағым жіберілді. Айтқаныңызға рахмет.',
      talk: 'Жақсы ой. Ата-анаңыз, мұғаліміңіз немесе сенімді ересек адам көмектеседі.',
      end: 'Сценарий аяқталды.',
    },
  },
  ru: {
    dir: 'ltr',
    country: 'RU',
    contact: 'Дима',
    messages: [
      'привет! видел твой рисунок в группе, очень круто 😊',
      'во что играешь на выходных?',
      'ты такая взрослая для своего возраста, только не говори родителям',
      'ты сейчас одна дома?',
    ],
    ui: {
      demo: 'демо-мессенджер',
      language: 'Язык',
      country: 'Страна',
      online: 'в сети',
      placeholder: 'Сообщение',
      send: 'Отправить',
      next: 'Следующее сообщение',
      privacy: 'Каждое сообщение проверяется на этом устройстве. Ничего никуда не отправляется.',
      blocked: 'Вы заблокировали этот контакт.',
      reported: 'Жалоба отправлена. Спасибо, что рассказали.',
      talk: 'Хорошая мысль. Родители, учитель или другой взрослый, которому ты доверяешь, помогут.',
      end: 'Сценарий закончился.',
    },
  },
  uz: {
    dir: 'ltr',
    country: 'UZ',
    contact: 'Jasur',
    messages: [
      "salom! guruhdagi rasming juda zo'r ekan 😊",
      "dam olish kunlari nima o'ynaysan?",
      "sen yoshingga nisbatan ancha katta ko'rinasan, faqat ota-onangga aytma",
      "hozir uyda yolg'izmisan?",
    ],
    ui: {
      demo: 'demo messenjer',
      language: 'Til',
      country: 'Mamlakat',
      online: 'onlayn',
      placeholder: 'Xabar',
      send: 'Yuborish',
      next: 'Keyingi xabar',
      privacy: "Har bir xabar shu qurilmada tekshiriladi. Hech narsa hech qayerga yuborilmaydi.",
      blocked: 'Siz bu kontaktni blokladingiz.',
      reported: 'Shikoyat yuborildi. Aytganingiz uchun rahmat.',
      talk: "Yaxshi fikr. Ota-onangiz, o'qituvchingiz yoki ishonchli kattalar yordam beradi.",
      end: 'Ssenariy tugadi.',
    },
  },
  ar: {
    dir: 'rtl',
    country: 'EG',
    contact: 'سامي',
    messages: [
      'مرحبا! رسمتك في المجموعة رائعة جدا 😊',
      'ماذا ستلعب في نهاية الأسبوع؟',
      'أنت ناضج جدا بالنسبة لعمرك، لكن لا تخبر والديك',
      'هل أنت وحدك في البيت الآن؟',
    ],
    ui: {
      demo: 'تطبيق مراسلة تجريبي',
      language: 'اللغة',
      country: 'البلد',
      online: 'متصل الآن',
      placeholder: 'رسالة',
      send: 'إرسال',
      next: 'الرسالة التالية',
      privacy: 'يتم فحص كل رسالة على هذا الجهاز. لا يُرسَل أي شيء إلى أي مكان.',
      blocked: 'لقد حظرت جهة الاتصال هذه.',
      reported: 'تم إرسال البلاغ. شكرا لأنك أخبرتنا.',
      talk: 'فكرة جيدة. أحد والديك أو معلمك أو شخص بالغ تثق به يمكنه المساعدة.',
      end: 'انتهت المحادثة التجريبية.',
    },
  },
  en: {
    dir: 'ltr',
    country: 'GB',
    contact: 'Alex',
    messages: [
      'hey! saw your drawing in the art group, it is really good 😊',
      'what are you playing this weekend?',
      "you're so mature for your age. this is our little secret, don't tell your parents ok?",
      'are you home alone right now?',
    ],
    ui: {
      demo: 'demo messenger',
      language: 'Language',
      country: 'Country',
      online: 'online',
      placeholder: 'Message',
      send: 'Send',
      next: 'Next message',
      privacy: 'Every message is checked on this device. Nothing is sent anywhere.',
      blocked: 'You blocked this contact.',
      reported: 'Reported. Thank you for telling us.',
      talk: 'Good idea. A parent, a teacher or another adult you trust can help.',
      end: 'The demo conversation is over.',
    },
  },
};

/** Countries with support services in rules/support (ZZ: international services only). */
export const COUNTRIES = ['KZ', 'UZ', 'KG', 'TJ', 'RU', 'AE', 'SA', 'EG', 'JO', 'IQ', 'LB', 'MA', 'GB'];
