/* The desk's one string catalogue: Danish first, English available. Every text the desk shows comes from here,
   enums and durations as words, and every time is shown in Europe/Copenhagen (the desk's clock may be anywhere). */
var DeskI18n = (function () {
  'use strict';
  var ZONE = 'Europe/Copenhagen';
  var STORE = 'vc.desk.lang';

  var da = {
    'app.title': 'Vagtcentral – Vagtbord',
    'app.sub': 'Vagtbord',
    'lang.switch': 'English',
    'lang.switch.label': 'Switch to English',
    'login.title': 'Log ind',
    'login.username': 'Brugernavn',
    'login.password': 'Adgangskode',
    'login.submit': 'Log ind',
    'login.wrongRole': 'Vagtbordet er for vagtcentralens medarbejdere og hjemmeplejens medarbejdere (denne konto er {role}).',
    'who.role.DISPATCHER': 'disponent',
    'who.role.WORKER': 'medarbejder',
    'live.on': 'Forbundet',
    'live.off': 'Afbrudt – forbinder igen …',
    'sound.on': 'Alarmlyd til',
    'sound.off': 'Alarmlyd fra',
    'sound.title.on': 'Alarmlyden ringer, til et kald er kvitteret. Klik for at slå den fra.',
    'sound.title.off': 'Slå alarmlyd og skrivebordsbeskeder til',
    'sound.resume': 'Alarmlyden er slået til, men browseren har sat den på pause efter genindlæsning. Klik her eller et vilkårligt sted for at genoptage lyden.',
    'logout': 'Log ud',
    'tabs.label': 'Vagtbordets lister',
    'tab.calls': 'Kald',
    'tab.technical': 'Teknik',
    'tab.history': 'Historik',
    'tab.duties': 'Begrundelser og handlingsplaner',
    'queue.empty': 'Ingen åbne kald.',
    'tech.empty': 'Ingen tekniske meldinger.',
    'tech.intro': 'Tekniske meldinger (batteri, strøm, sabotage, ingen forbindelse, manglende testsignal) er ikke kald: kvitter, notér hvad der er gjort, og afslut med et teknisk udfald. Test- og overvågningssignaler registreres kun.',
    'title.waiting': '({n}) ',
    'group.WAITING': 'Afventer kvittering',
    'group.ACKNOWLEDGED': 'Kvitteret – ikke besvaret',
    'group.IN_PROGRESS': 'I gang',
    'group.INFORMATION': 'Til orientering',
    'mine': 'Dit kald',
    'category.FIRE': 'Brand',
    'category.EMERGENCY': 'Nødkald',
    'category.TECHNICAL': 'Teknisk fejl',
    'category.CANCEL': 'Afmeldt',
    'category.RESTORE': 'Genoprettet',
    'category.TEST': 'Testsignal',
    'category.SUPERVISION': 'Overvågning',
    'category.OTHER': 'Anden melding',
    'category.UNKNOWN': 'Ukendt signal – behandl som nødkald',
    'state.RECEIVED': 'Modtaget',
    'state.NOTIFIED': 'Afventer',
    'state.ACKNOWLEDGED': 'Kvitteret',
    'state.RESPONDED': 'Besvaret',
    'state.ON_SITE': 'På stedet',
    'state.FORWARDED_MUNICIPAL': 'Viderestillet til kommunal hjemmepleje',
    'state.FORWARDED_FIRE': 'Viderestillet til brand og redning',
    'state.CLOSED': 'Afsluttet',
    'state.CANCELLED': 'Annulleret',
    'response.HELP_SENT': 'Hjælp sendt',
    'response.NURSE_REQUESTED': 'Sygeplejerske rekvireret',
    'response.DOCTOR_CONTACTED': 'Læge kontaktet',
    'response.EMERGENCY_112': '112 alarmeret',
    'outcome.NO_INJURY': 'Ingen skade',
    'outcome.FALL_WITHOUT_INJURY': 'Fald uden skade',
    'outcome.INJURED': 'Tilskadekomst',
    'outcome.ADMITTED': 'Indlagt',
    'outcome.FALSE_ALARM': 'Fejlalarm',
    'outcome.NO_ACCESS': 'Låst dør / ingen adgang',
    'outcome.NOT_HOME': 'Borger ikke hjemme',
    'outcome.DECEASED': 'Død',
    'outcome.DEVICE_FIXED': 'Fejl udbedret',
    'outcome.CONTACT_RESTORED': 'Forbindelse genoprettet',
    'outcome.NO_FAULT_FOUND': 'Ingen fejl fundet',
    'outcome.NOTED': 'Taget til efterretning',
    'holder.PRIVATE_CARE': 'Leverandør',
    'holder.MUNICIPAL_HOME_CARE': 'Kommunal hjemmepleje',
    'holder.FIRE_AND_RESCUE': 'Brand og redning',
    'holder.SUPERVISORS': 'Kommunens visitation',
    'target.MUNICIPAL_HOME_CARE': 'Kommunal hjemmepleje',
    'target.FIRE_AND_RESCUE': 'Brand og redning',
    'role.PRIMARY': 'vagthavende',
    'role.BACKUP': 'bagvagt',
    'status.PAUSED': 'Fravær (fx indlagt) – alarmen besvares stadig',
    'end.CLOSED': 'Afsluttet',
    'end.CANCELLED': 'Annulleret',
    'end.RESTORED': 'Genoprettet af enheden',
    'timeline.RECEIVED': 'Modtaget',
    'timeline.ROUTED': 'Dirigeret',
    'timeline.NOTIFIED': 'Varslet',
    'timeline.RENOTIFIED': 'Varslet igen',
    'timeline.ACKNOWLEDGED': 'Kvitteret',
    'timeline.RESPONDED': 'Besvaret',
    'timeline.ON_SITE': 'På stedet',
    'timeline.CLOSED': 'Afsluttet',
    'timeline.CANCELLED': 'Annulleret',
    'timeline.FORWARDED_MUNICIPAL': 'Viderestillet til kommunal hjemmepleje',
    'timeline.FORWARDED_FIRE': 'Viderestillet til brand og redning',
    'timeline.NOTE': 'Note',
    'timeline.REPEATED': 'Trykket igen',
    'timeline.DEVICE_RESTORE': 'Enheden melder genoprettet',
    'timeline.DEVICE_CANCEL': 'Enheden melder afmeldt',
    'timeline.RESTORED': 'Lukket af enhedens genopretning',
    'timeline.SUPERVISORS_WARNED': 'Visitationen advaret',
    'timeline.SUPPLIER_FAILURE': 'Leverandørsvigt',
    'timeline.SYSTEM_FAULT': 'Systemfejl',
    'code.QA': 'Nødkald', 'code.MA': 'Medicinsk alarm', 'code.PA': 'Overfaldsalarm', 'code.FA': 'Brandalarm',
    'code.KA': 'Varmealarm', 'code.GA': 'Gasalarm', 'code.FT': 'Fejl på branddetektor', 'code.YT': 'Lavt batteri',
    'code.YM': 'Batteri mangler', 'code.XT': 'Lavt batteri i sender', 'code.AT': 'Strømsvigt', 'code.TA': 'Sabotage',
    'code.YC': 'Kommunikationsfejl',
    'code.YS': 'Ingen forbindelse: hverken test- eller overvågningssignal inden for det forventede interval',
    'code.100': 'Medicinsk alarm', 'code.101': 'Nødkald', 'code.102': 'Manglende testsignal',
    'code.301': 'Strømsvigt', 'code.302': 'Lavt batteri', 'code.309': 'Batteritest fejlet',
    'code.311': 'Batteri mangler', 'code.350': 'Kommunikationsfejl', 'code.381': 'Mistet radioovervågning',
    'countdown.left': 'Svarfrist om {d}',
    'countdown.over': 'Svarfrist overskredet for {d} siden',
    'received': 'Modtaget {time} ({ago} siden)',
    'worker': 'Medarbejder: {name}',
    'held.by': 'Håndteres af {name} – kun til orientering',
    'assigned.other': 'Tildelt {name} – kun til orientering',
    'assigned.desk': 'Ikke tildelt dig – kun til orientering',
    'unknown.citizen': 'Ukendt borger',
    'raw': 'Enheden sendte: {raw}',
    'callback': 'Ring tilbage: {address}',
    'callback.none': 'Ingen taleopkald fra enheden',
    'act.acknowledge': 'Kvitter',
    'act.accept': 'Accepter',
    'act.onMyWay': 'På vej',
    'act.onSite': 'På stedet',
    'act.close': 'Afslut',
    'act.cancel': 'Annuller',
    'act.record': 'Registrer svar',
    'act.forward': 'Viderestil',
    'act.renotify': 'Varsl igen',
    'act.note': 'Tilføj note',
    'act.submit': 'Indsend',
    'field.response': 'Svar',
    'field.worker': 'Medarbejder',
    'field.outcome': 'Udfald',
    'field.note': 'Note',
    'field.reason': 'Årsag',
    'field.target': 'Til',
    'choose': 'Vælg …',
    'nobody.onDuty': 'Ingen på vagt',
    'card.summary': 'Borgerkort og forløb',
    'card.loading': 'Henter borgerkort …',
    'card.phone': 'Telefon',
    'card.language': 'Sprog',
    'card.medical': 'Helbred',
    'card.practical': 'Praktisk',
    'card.keyNote': 'Adgang',
    'card.keyBox': 'Nøgleboks',
    'card.keyCode.show': 'Vis nøgleboks-kode',
    'card.keyCode.shown': 'Kode: {code} (visningen er registreret på kaldet)',
    'card.keyCode.none': 'Ingen kode registreret – følg adgangsnoten',
    'card.contacts': 'Pårørende og kontakter',
    'card.map': 'Vis adressen på kort',
    'card.recent': 'Seneste alarmer',
    'card.recent.none': 'Ingen tidligere alarmer.',
    'card.timeline': 'Forløb',
    'card.noCitizen': 'Enheden er ikke knyttet til en borger.',
    'card.status': 'Status',
    'history.q': 'Søg (navn, adresse eller alarmnummer)',
    'history.outcome': 'Udfald',
    'history.any': 'Alle',
    'history.from': 'Fra dato',
    'history.to': 'Til dato',
    'history.search': 'Søg',
    'history.more': 'Vis flere',
    'history.none': 'Ingen afsluttede kald fundet.',
    'history.col.when': 'Modtaget',
    'history.col.citizen': 'Borger',
    'history.col.what': 'Alarm',
    'history.col.end': 'Afslutning',
    'history.col.by': 'Af',
    'duties.justifications': 'Skriftlige begrundelser for viderestillede kald',
    'duties.justifications.none': 'Ingen begrundelser venter.',
    'duties.plans': 'Handlingsplaner',
    'duties.plans.none': 'Ingen handlingsplaner.',
    'duties.breaches': 'Mulig væsentlig misligholdelse',
    'duties.breaches.none': 'Ingen åbne sager.',
    'just.head': 'Alarm #{alarm} viderestillet til {target} {when}',
    'just.due': 'Frist {due}',
    'just.overdue': 'Fristen er overskredet',
    'just.state.OPEN': 'Afventer jeres begrundelse',
    'just.state.SUBMITTED': 'Indsendt – afventer kommunens afgørelse',
    'just.state.ACCEPTED': 'Godkendt af kommunen',
    'just.state.REJECTED': 'Afvist af kommunen – skriv en ny version',
    'just.text': 'Begrundelse',
    'just.rejected': 'Afvist: {reason}',
    'just.versions': 'Versioner og afgørelser',
    'plan.state.REQUIRED': 'Kommunen kræver en handlingsplan',
    'plan.state.SUBMITTED': 'Indsendt – afventer kommunens afgørelse',
    'plan.state.APPROVED': 'Godkendt – følges op til {until}',
    'plan.state.REJECTED': 'Afvist af kommunen – indsend en ny plan',
    'plan.head': 'Handlingsplan #{id}: {n} viderestillede kald ({counting})',
    'plan.counting.ROLLING_30_DAYS': 'inden for 30 dage',
    'plan.counting.CALENDAR_MONTH': 'inden for samme måned',
    'plan.text': 'Hvad er gået galt, og hvad gør I',
    'plan.measures': 'Konkrete tiltag',
    'plan.starts': 'Starter',
    'plan.ends': 'Slutter',
    'plan.rejected': 'Afvist: {reason}',
    'plan.alarms': 'Kald: {ids}',
    'breach.head': 'Kald #{alarm} efter godkendt handlingsplan #{plan} – kommunen vurderer',
    'flash.new': 'Nyt kald',
    'flash.notice': 'Ny teknisk melding',
    'flash.renotified': 'Kald varslet igen',
    'flash.forwarded': 'Viderestillet',
    'flash.repeated': 'Borgeren har trykket igen',
    'flash.information': 'Til orientering',
    'flash.duty': 'Ny pligt: {what}',
    'notify.title': '{what}: {citizen}',
    'refused': 'Afvist: ',
    'error.action': 'Alarm #{id}: ',
    'dur.day': ['dag', 'dage'],
    'dur.hour': ['time', 'timer'],
    'dur.minute': ['minut', 'minutter'],
    'dur.second': ['sekund', 'sekunder'],
    'dur.and': 'og'
  };

  var en = {
    'app.title': 'Vagtcentral – Dispatch desk',
    'app.sub': 'Dispatch desk',
    'lang.switch': 'Dansk',
    'lang.switch.label': 'Skift til dansk',
    'login.title': 'Log in',
    'login.username': 'Username',
    'login.password': 'Password',
    'login.submit': 'Log in',
    'login.wrongRole': 'The desk is for dispatchers and field workers (this account is {role}).',
    'who.role.DISPATCHER': 'dispatcher',
    'who.role.WORKER': 'field worker',
    'live.on': 'Connected',
    'live.off': 'Disconnected – reconnecting …',
    'sound.on': 'Alarm sound on',
    'sound.off': 'Alarm sound off',
    'sound.title.on': 'The alarm rings until a call is acknowledged. Click to turn it off.',
    'sound.title.off': 'Turn on the alarm sound and desktop notifications',
    'sound.resume': 'The alarm sound is on, but the browser paused it after the reload. Click here or anywhere to resume it.',
    'logout': 'Log out',
    'tabs.label': 'Desk lists',
    'tab.calls': 'Calls',
    'tab.technical': 'Technical',
    'tab.history': 'History',
    'tab.duties': 'Justifications and action plans',
    'queue.empty': 'No open calls.',
    'tech.empty': 'No technical notices.',
    'tech.intro': 'Technical notices (battery, mains, tamper, no contact, missed test) are not calls: acknowledge, note what was done and close with a technical outcome. Test and supervision signals are recorded only.',
    'title.waiting': '({n}) ',
    'group.WAITING': 'Not acknowledged',
    'group.ACKNOWLEDGED': 'Acknowledged – not answered',
    'group.IN_PROGRESS': 'In progress',
    'group.INFORMATION': 'For information',
    'mine': 'Your call',
    'category.FIRE': 'Fire',
    'category.EMERGENCY': 'Emergency call',
    'category.TECHNICAL': 'Technical fault',
    'category.CANCEL': 'Cancelled by device',
    'category.RESTORE': 'Restored',
    'category.TEST': 'Test signal',
    'category.SUPERVISION': 'Supervision',
    'category.OTHER': 'Other signal',
    'category.UNKNOWN': 'Unknown signal – treat as an emergency',
    'state.RECEIVED': 'Received',
    'state.NOTIFIED': 'Waiting',
    'state.ACKNOWLEDGED': 'Acknowledged',
    'state.RESPONDED': 'Answered',
    'state.ON_SITE': 'On site',
    'state.FORWARDED_MUNICIPAL': 'Forwarded to municipal home care',
    'state.FORWARDED_FIRE': 'Forwarded to fire and rescue',
    'state.CLOSED': 'Closed',
    'state.CANCELLED': 'Cancelled',
    'response.HELP_SENT': 'Help sent',
    'response.NURSE_REQUESTED': 'Nurse requested',
    'response.DOCTOR_CONTACTED': 'Doctor contacted',
    'response.EMERGENCY_112': '112 called',
    'outcome.NO_INJURY': 'No injury',
    'outcome.FALL_WITHOUT_INJURY': 'Fall without injury',
    'outcome.INJURED': 'Injured',
    'outcome.ADMITTED': 'Admitted to hospital',
    'outcome.FALSE_ALARM': 'False alarm',
    'outcome.NO_ACCESS': 'Locked door / no access',
    'outcome.NOT_HOME': 'Citizen not at home',
    'outcome.DECEASED': 'Deceased',
    'outcome.DEVICE_FIXED': 'Fault mended',
    'outcome.CONTACT_RESTORED': 'Contact restored',
    'outcome.NO_FAULT_FOUND': 'No fault found',
    'outcome.NOTED': 'Noted',
    'holder.PRIVATE_CARE': 'Supplier',
    'holder.MUNICIPAL_HOME_CARE': 'Municipal home care',
    'holder.FIRE_AND_RESCUE': 'Fire and rescue',
    'holder.SUPERVISORS': 'The municipality\'s supervisors',
    'target.MUNICIPAL_HOME_CARE': 'Municipal home care',
    'target.FIRE_AND_RESCUE': 'Fire and rescue',
    'role.PRIMARY': 'on duty',
    'role.BACKUP': 'backup',
    'status.PAUSED': 'Absent (e.g. in hospital) – the alarm is still answered',
    'end.CLOSED': 'Closed',
    'end.CANCELLED': 'Cancelled',
    'end.RESTORED': 'Restored by the device',
    'timeline.RECEIVED': 'Received',
    'timeline.ROUTED': 'Routed',
    'timeline.NOTIFIED': 'Notified',
    'timeline.RENOTIFIED': 'Notified again',
    'timeline.ACKNOWLEDGED': 'Acknowledged',
    'timeline.RESPONDED': 'Answered',
    'timeline.ON_SITE': 'On site',
    'timeline.CLOSED': 'Closed',
    'timeline.CANCELLED': 'Cancelled',
    'timeline.FORWARDED_MUNICIPAL': 'Forwarded to municipal home care',
    'timeline.FORWARDED_FIRE': 'Forwarded to fire and rescue',
    'timeline.NOTE': 'Note',
    'timeline.REPEATED': 'Pressed again',
    'timeline.DEVICE_RESTORE': 'Device reports a restore',
    'timeline.DEVICE_CANCEL': 'Device reports a cancel',
    'timeline.RESTORED': 'Closed by the device\'s restore',
    'timeline.SUPERVISORS_WARNED': 'Supervisors warned',
    'timeline.SUPPLIER_FAILURE': 'Supplier failure',
    'timeline.SYSTEM_FAULT': 'System fault',
    'code.QA': 'Emergency alarm', 'code.MA': 'Medical alarm', 'code.PA': 'Panic alarm', 'code.FA': 'Fire alarm',
    'code.KA': 'Heat alarm', 'code.GA': 'Gas alarm', 'code.FT': 'Fire detector trouble', 'code.YT': 'Low battery',
    'code.YM': 'Battery missing', 'code.XT': 'Transmitter battery low', 'code.AT': 'Mains failure', 'code.TA': 'Tamper',
    'code.YC': 'Communication failure',
    'code.YS': 'No contact: neither a test nor a supervision signal within the expected interval',
    'code.100': 'Medical alarm', 'code.101': 'Personal emergency', 'code.102': 'Missed test report',
    'code.301': 'Mains failure', 'code.302': 'Low battery', 'code.309': 'Battery test failed',
    'code.311': 'Battery missing', 'code.350': 'Communication trouble', 'code.381': 'Loss of RF supervision',
    'countdown.left': 'Response due in {d}',
    'countdown.over': 'Response overdue by {d}',
    'received': 'Received {time} ({ago} ago)',
    'worker': 'Worker: {name}',
    'held.by': 'Held by {name} – for information only',
    'assigned.other': 'Assigned to {name} – for information only',
    'assigned.desk': 'Not assigned to you – for information only',
    'unknown.citizen': 'Unknown citizen',
    'raw': 'The device sent: {raw}',
    'callback': 'Call back: {address}',
    'callback.none': 'No voice call from the device',
    'act.acknowledge': 'Acknowledge',
    'act.accept': 'Accept',
    'act.onMyWay': 'On my way',
    'act.onSite': 'On site',
    'act.close': 'Close',
    'act.cancel': 'Cancel',
    'act.record': 'Record answer',
    'act.forward': 'Forward',
    'act.renotify': 'Notify again',
    'act.note': 'Add note',
    'act.submit': 'Submit',
    'field.response': 'Answer',
    'field.worker': 'Worker',
    'field.outcome': 'Outcome',
    'field.note': 'Note',
    'field.reason': 'Reason',
    'field.target': 'To',
    'choose': 'Choose …',
    'nobody.onDuty': 'Nobody on duty',
    'card.summary': 'Citizen card and timeline',
    'card.loading': 'Loading the citizen card …',
    'card.phone': 'Phone',
    'card.language': 'Language',
    'card.medical': 'Health',
    'card.practical': 'Practical',
    'card.keyNote': 'Access',
    'card.keyBox': 'Key box',
    'card.keyCode.show': 'Show key-box code',
    'card.keyCode.shown': 'Code: {code} (the showing is recorded on the call)',
    'card.keyCode.none': 'No code on record – follow the access note',
    'card.contacts': 'Relatives and contacts',
    'card.map': 'Show the address on a map',
    'card.recent': 'Recent alarms',
    'card.recent.none': 'No earlier alarms.',
    'card.timeline': 'Timeline',
    'card.noCitizen': 'The device is not bound to a citizen.',
    'card.status': 'Status',
    'history.q': 'Search (name, address or alarm number)',
    'history.outcome': 'Outcome',
    'history.any': 'Any',
    'history.from': 'From date',
    'history.to': 'To date',
    'history.search': 'Search',
    'history.more': 'Show more',
    'history.none': 'No closed calls found.',
    'history.col.when': 'Received',
    'history.col.citizen': 'Citizen',
    'history.col.what': 'Alarm',
    'history.col.end': 'Ended',
    'history.col.by': 'By',
    'duties.justifications': 'Written justifications for forwarded calls',
    'duties.justifications.none': 'No justifications waiting.',
    'duties.plans': 'Action plans',
    'duties.plans.none': 'No action plans.',
    'duties.breaches': 'Possible material breach',
    'duties.breaches.none': 'No open cases.',
    'just.head': 'Alarm #{alarm} forwarded to {target} {when}',
    'just.due': 'Due {due}',
    'just.overdue': 'Overdue',
    'just.state.OPEN': 'Waiting for your justification',
    'just.state.SUBMITTED': 'Submitted – waiting for the municipality\'s decision',
    'just.state.ACCEPTED': 'Accepted by the municipality',
    'just.state.REJECTED': 'Rejected by the municipality – write a new version',
    'just.text': 'Justification',
    'just.rejected': 'Rejected: {reason}',
    'just.versions': 'Versions and decisions',
    'plan.state.REQUIRED': 'The municipality requires an action plan',
    'plan.state.SUBMITTED': 'Submitted – waiting for the municipality\'s decision',
    'plan.state.APPROVED': 'Approved – followed up until {until}',
    'plan.state.REJECTED': 'Rejected by the municipality – submit a new plan',
    'plan.head': 'Action plan #{id}: {n} forwarded calls ({counting})',
    'plan.counting.ROLLING_30_DAYS': 'within 30 days',
    'plan.counting.CALENDAR_MONTH': 'within one month',
    'plan.text': 'What went wrong, and what you do about it',
    'plan.measures': 'Concrete measures',
    'plan.starts': 'Starts',
    'plan.ends': 'Ends',
    'plan.rejected': 'Rejected: {reason}',
    'plan.alarms': 'Calls: {ids}',
    'breach.head': 'Call #{alarm} after approved action plan #{plan} – the municipality decides',
    'flash.new': 'New call',
    'flash.notice': 'New technical notice',
    'flash.renotified': 'Call notified again',
    'flash.forwarded': 'Forwarded',
    'flash.repeated': 'The citizen pressed again',
    'flash.information': 'For information',
    'flash.duty': 'New duty: {what}',
    'notify.title': '{what}: {citizen}',
    'refused': 'Refused: ',
    'error.action': 'Alarm #{id}: ',
    'dur.day': ['day', 'days'],
    'dur.hour': ['hour', 'hours'],
    'dur.minute': ['minute', 'minutes'],
    'dur.second': ['second', 'seconds'],
    'dur.and': 'and'
  };

  var catalogues = { da: da, en: en };
  var lang = localStorage.getItem(STORE) === 'en' ? 'en' : 'da';

  function locale() { return lang === 'en' ? 'en-GB' : 'da-DK'; }

  /** The text of key with {name} parameters filled in; the key itself when missing (a defect, visible). */
  function t(key, params) {
    var s = catalogues[lang][key];
    if (s === undefined) { s = da[key]; }
    if (s === undefined) { return key; }
    return String(s).replace(/\{(\w+)\}/g, function (m, name) {
      return params && params[name] !== undefined && params[name] !== null ? params[name] : '';
    });
  }

  /** An enum value as words, e.g. enumText('holder', 'MUNICIPAL_HOME_CARE') = "Kommunal hjemmepleje". */
  function enumText(kind, value) {
    if (value === null || value === undefined || value === '') { return ''; }
    var key = kind + '.' + value;
    return catalogues[lang][key] !== undefined || da[key] !== undefined ? t(key) : String(value).toLowerCase().replace(/_/g, ' ');
  }

  /** Whether the catalogue has a text for key. */
  function has(key) { return catalogues[lang][key] !== undefined || da[key] !== undefined; }

  function unit(key, n) { var u = catalogues[lang][key]; return n + ' ' + (n === 1 ? u[0] : u[1]); }

  /** Seconds as words, the two largest units: "6 sekunder", "12 minutter og 5 sekunder", "2 timer og 3 minutter". */
  function duration(seconds) {
    var s = Math.max(0, Math.round(seconds));
    var parts = [];
    var d = Math.floor(s / 86400), h = Math.floor(s % 86400 / 3600), m = Math.floor(s % 3600 / 60), sec = s % 60;
    if (d) { parts.push(unit('dur.day', d)); }
    if (h) { parts.push(unit('dur.hour', h)); }
    if (m) { parts.push(unit('dur.minute', m)); }
    if (sec || !parts.length) { parts.push(unit('dur.second', sec)); }
    parts = parts.slice(0, 2);
    return parts.length === 2 ? parts[0] + ' ' + t('dur.and') + ' ' + parts[1] : parts[0];
  }

  /** An ISO-8601 duration (PT6S, PT30M, P7D) as words. */
  function isoDuration(iso) {
    var m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(iso || '');
    if (!m) { return iso || ''; }
    return duration((+m[1] || 0) * 86400 + (+m[2] || 0) * 3600 + (+m[3] || 0) * 60 + (+m[4] || 0));
  }

  var formats = {};
  function fmt(name, options) {
    var key = lang + name;
    if (!formats[key]) { formats[key] = new Intl.DateTimeFormat(locale(), Object.assign({ timeZone: ZONE }, options)); }
    return formats[key];
  }

  /** A time of day with seconds, Copenhagen time: "14:03:12". */
  function time(iso) { return iso ? fmt('time', { hour: '2-digit', minute: '2-digit', second: '2-digit' }).format(new Date(iso)) : ''; }

  /** Date and time with seconds, Copenhagen time. */
  function dateTime(iso) {
    return iso ? fmt('dateTime', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit',
      second: '2-digit' }).format(new Date(iso)) : '';
  }

  /** A time today as the time alone, another day with its date. */
  function when(iso) {
    if (!iso) { return ''; }
    var day = fmt('day', { year: 'numeric', month: '2-digit', day: '2-digit' });
    return day.format(new Date(iso)) === day.format(new Date()) ? time(iso) : dateTime(iso);
  }

  /** A calendar date (YYYY-MM-DD) as words. */
  function date(isoDate) {
    return isoDate ? fmt('date', { day: 'numeric', month: 'long', year: 'numeric' })
      .format(new Date(isoDate.length === 10 ? isoDate + 'T12:00:00Z' : isoDate)) : '';
  }

  /** A language tag as the language's name in the desk's language: "de" = "tysk". */
  function languageName(tag) {
    if (!tag) { return ''; }
    try { return new Intl.DisplayNames([locale()], { type: 'language' }).of(tag); } catch (e) { return tag; }
  }

  /** Fills every [data-i18n] element's text and [data-i18n-attr="attr:key,attr:key"] attributes; sets lang. */
  function apply(root) {
    document.documentElement.lang = lang;
    (root || document).querySelectorAll('[data-i18n]').forEach(function (n) { n.textContent = t(n.dataset.i18n); });
    (root || document).querySelectorAll('[data-i18n-attr]').forEach(function (n) {
      n.dataset.i18nAttr.split(',').forEach(function (pair) {
        var p = pair.split(':'); n.setAttribute(p[0].trim(), t(p[1].trim()));
      });
    });
  }

  function setLanguage(l) { lang = l === 'en' ? 'en' : 'da'; localStorage.setItem(STORE, lang); formats = {}; apply(); }

  return { t: t, has: has, enumText: enumText, duration: duration, isoDuration: isoDuration, time: time, dateTime: dateTime,
    when: when, date: date, languageName: languageName, apply: apply, setLanguage: setLanguage,
    language: function () { return lang; }, ZONE: ZONE };
})();
