/**
 * Countries and cities for demo addresses. Patterns use `#` for a digit and `@` for an upper-case
 * letter; every other character is literal. City postal patterns carry the city's real prefix, so
 * `PostalCode` values look local (Amsterdam `10## @@`, München `80###`).
 */
export interface CountryInfo {
  readonly name: string;
  readonly currency: string;
  readonly phonePattern: string;
  /** Streets for `StreetAddress`. */
  readonly streets: readonly string[];
  /** `12 Main Street` (true) or `Hauptstraße 12` (false). */
  readonly numberFirst: boolean;
}

export interface CityInfo {
  readonly name: string;
  readonly country: CountryInfo;
  readonly postalPattern: string;
  /** Relative share of customers living there. */
  readonly weight: number;
  /** Three-letter code used in store ids. */
  readonly code: string;
}

const US: CountryInfo = {
  name: 'United States', currency: 'USD', phonePattern: '+1 ### ### ####', numberFirst: true,
  streets: ['Main Street', 'Oak Avenue', 'Maple Drive', 'Park Avenue', 'Washington Boulevard', 'Elm Street'],
};
const CA: CountryInfo = {
  name: 'Canada', currency: 'CAD', phonePattern: '+1 ### ### ####', numberFirst: true,
  streets: [
    'King Street West', 'Queen Street', 'Rue Sainte-Catherine', 'Granville Street', 'Yonge Street', '17th Avenue SW',
  ],
};
const GB: CountryInfo = {
  name: 'United Kingdom', currency: 'GBP', phonePattern: '+44 7### ######', numberFirst: true,
  streets: ['High Street', 'Station Road', 'Church Lane', 'Victoria Road', "St John's Road", 'Mill Lane'],
};
const IE: CountryInfo = {
  name: 'Ireland', currency: 'EUR', phonePattern: '+353 8# ### ####', numberFirst: true,
  streets: ['Main Street', "O'Connell Street", 'Grafton Street', 'Church Road', 'Shop Street', 'Patrick Street'],
};
const NL: CountryInfo = {
  name: 'Netherlands', currency: 'EUR', phonePattern: '+31 6 #### ####', numberFirst: false,
  streets: ['Kerkstraat', 'Dorpsstraat', 'Stationsweg', 'Prinsengracht', 'Molenweg', 'Julianalaan'],
};
const BE: CountryInfo = {
  name: 'Belgium', currency: 'EUR', phonePattern: '+32 4## ## ## ##', numberFirst: false,
  streets: ['Rue Neuve', 'Meir', 'Veldstraat', 'Rue de la Loi', 'Kerkstraat', 'Avenue Louise'],
};
const DE: CountryInfo = {
  name: 'Germany', currency: 'EUR', phonePattern: '+49 15# #######', numberFirst: false,
  streets: ['Hauptstraße', 'Schulstraße', 'Gartenstraße', 'Bahnhofstraße', 'Lindenallee', 'Goethestraße'],
};
const FR: CountryInfo = {
  name: 'France', currency: 'EUR', phonePattern: '+33 6 ## ## ## ##', numberFirst: true,
  streets: [
    'rue de la Paix', 'avenue Victor Hugo', 'boulevard Saint-Michel',
    'rue du Général Leclerc', "rue de l'Église", 'place de la République',
  ],
};
const ES: CountryInfo = {
  name: 'Spain', currency: 'EUR', phonePattern: '+34 6## ### ###', numberFirst: false,
  streets: [
    'Calle Mayor', 'Gran Vía', 'Calle de Alcalá', 'Avenida de la Constitución', 'Calle Real', 'Paseo de Gràcia',
  ],
};
const IT: CountryInfo = {
  name: 'Italy', currency: 'EUR', phonePattern: '+39 3## ### ####', numberFirst: false,
  streets: ['Via Roma', 'Via Garibaldi', 'Corso Vittorio Emanuele II', 'Via Dante', 'Piazza del Duomo', 'Via Mazzini'],
};
const PT: CountryInfo = {
  name: 'Portugal', currency: 'EUR', phonePattern: '+351 9## ### ###', numberFirst: false,
  streets: [
    'Rua Augusta', 'Avenida da Liberdade', 'Rua de Santa Catarina',
    'Rua do Carmo', 'Rua Direita', 'Avenida dos Aliados',
  ],
};
const SE: CountryInfo = {
  name: 'Sweden', currency: 'SEK', phonePattern: '+46 7# ### ## ##', numberFirst: false,
  streets: ['Storgatan', 'Drottninggatan', 'Kungsgatan', 'Skolgatan', 'Järnvägsgatan', 'Södra Vägen'],
};
const DK: CountryInfo = {
  name: 'Denmark', currency: 'DKK', phonePattern: '+45 ## ## ## ##', numberFirst: false,
  streets: ['Vestergade', 'Østergade', 'Nørregade', 'Strøget', 'Algade', 'Søndergade'],
};
const PL: CountryInfo = {
  name: 'Poland', currency: 'PLN', phonePattern: '+48 ### ### ###', numberFirst: false,
  streets: [
    'ul. Marszałkowska', 'ul. Długa', 'ul. Floriańska', 'ul. Świętojańska', 'ul. Piotrkowska', 'ul. Kościuszki',
  ],
};
const CH: CountryInfo = {
  name: 'Switzerland', currency: 'CHF', phonePattern: '+41 7# ### ## ##', numberFirst: false,
  streets: ['Bahnhofstrasse', 'Rue du Rhône', 'Freie Strasse', 'Marktgasse', 'Seestrasse', 'Rue de Lausanne'],
};
const AT: CountryInfo = {
  name: 'Austria', currency: 'EUR', phonePattern: '+43 6## #######', numberFirst: false,
  streets: ['Mariahilfer Straße', 'Kärntner Straße', 'Herrengasse', 'Getreidegasse', 'Landstraße', 'Hauptplatz'],
};

function city(name: string, code: string, country: CountryInfo, postalPattern: string, weight: number): CityInfo {
  return { name, code, country, postalPattern, weight };
}

export const CITIES: readonly CityInfo[] = [
  city('New York', 'NYC', US, '100##', 60), city('Los Angeles', 'LAX', US, '900##', 40),
  city('Chicago', 'CHI', US, '606##', 27), city('Houston', 'HOU', US, '770##', 23),
  city('San Francisco', 'SFO', US, '941##', 9), city('Seattle', 'SEA', US, '981##', 8),
  city('Boston', 'BOS', US, '021##', 7),
  city('Toronto', 'YTO', CA, 'M#@ #@#', 28), city('Montréal', 'YMQ', CA, 'H#@ #@#', 18),
  city('Vancouver', 'YVR', CA, 'V#@ #@#', 7), city('Calgary', 'YYC', CA, 'T#@ #@#', 13),
  city('London', 'LON', GB, 'SW# #@@', 50), city('Manchester', 'MAN', GB, 'M## #@@', 6),
  city('Birmingham', 'BHX', GB, 'B## #@@', 11), city('Edinburgh', 'EDI', GB, 'EH# #@@', 5),
  city('Glasgow', 'GLA', GB, 'G## #@@', 6),
  city('Dublin', 'DUB', IE, 'D0# @#@#', 12), city('Cork', 'ORK', IE, 'T12 @#@#', 2),
  city('Galway', 'GWY', IE, 'H91 @#@#', 1),
  city('Amsterdam', 'AMS', NL, '10## @@', 9), city('Rotterdam', 'RTM', NL, '30## @@', 6),
  city('Utrecht', 'UTC', NL, '35## @@', 4), city('Den Haag', 'HAG', NL, '25## @@', 5),
  city('Eindhoven', 'EIN', NL, '56## @@', 2),
  city('Bruxelles', 'BRU', BE, '10##', 12), city('Antwerpen', 'ANR', BE, '20##', 5),
  city('Gent', 'GNE', BE, '90##', 3), city('Liège', 'LGG', BE, '40##', 2),
  city('Berlin', 'BER', DE, '10###', 37), city('Hamburg', 'HAM', DE, '20###', 18),
  city('München', 'MUC', DE, '80###', 15), city('Köln', 'CGN', DE, '50###', 11),
  city('Frankfurt am Main', 'FRA', DE, '60###', 8), city('Düsseldorf', 'DUS', DE, '40###', 6),
  city('Paris', 'PAR', FR, '750##', 22), city('Lyon', 'LYS', FR, '6900#', 5),
  city('Marseille', 'MRS', FR, '130##', 9), city('Toulouse', 'TLS', FR, '310##', 5),
  city('Nice', 'NCE', FR, '060##', 3), city('Bordeaux', 'BOD', FR, '330##', 3),
  city('Madrid', 'MAD', ES, '280##', 33), city('Barcelona', 'BCN', ES, '080##', 16),
  city('Valencia', 'VLC', ES, '460##', 8), city('Sevilla', 'SVQ', ES, '410##', 7),
  city('Málaga', 'AGP', ES, '290##', 6),
  city('Roma', 'ROM', IT, '001##', 28), city('Milano', 'MIL', IT, '201##', 14),
  city('Napoli', 'NAP', IT, '801##', 9), city('Torino', 'TRN', IT, '101##', 8),
  city('Firenze', 'FLR', IT, '501##', 4),
  city('Lisboa', 'LIS', PT, '1###-###', 5), city('Porto', 'OPO', PT, '4###-###', 2),
  city('Stockholm', 'STO', SE, '1## ##', 10), city('Göteborg', 'GOT', SE, '4## ##', 6),
  city('Malmö', 'MMX', SE, '2## ##', 3),
  city('København', 'CPH', DK, '1###', 8), city('Aarhus', 'AAR', DK, '8###', 3),
  city('Odense', 'ODE', DK, '5###', 2),
  city('Warszawa', 'WAW', PL, '0#-###', 18), city('Kraków', 'KRK', PL, '3#-###', 8),
  city('Wrocław', 'WRO', PL, '5#-###', 6), city('Gdańsk', 'GDN', PL, '80-###', 5),
  city('Zürich', 'ZRH', CH, '80##', 4), city('Genève', 'GVA', CH, '12##', 2),
  city('Basel', 'BSL', CH, '40##', 2), city('Bern', 'BRN', CH, '30##', 1),
  city('Wien', 'VIE', AT, '1###', 19), city('Graz', 'GRZ', AT, '80##', 3),
  city('Salzburg', 'SZG', AT, '50##', 2),
];
