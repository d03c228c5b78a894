/**
 * Name pools for demo customers: international, with the apostrophes, accents, spaces and
 * non-Latin-1 letters that real customer data has (O'Brien, Zoë, José, Müller, van den Berg, Wiśniewski).
 */
export const FEMALE_FIRST_NAMES: readonly string[] = [
  'Emma', 'Olivia', 'Sophia', 'Mia', 'Charlotte', 'Amelia', 'Isabella', 'Ava', 'Emily', 'Hannah',
  'Lena', 'Anna', 'Marie', 'Sophie', 'Laura', 'Julia', 'Lea', 'Clara', 'Zoë', 'Chloé',
  'Léa', 'Inès', 'Manon', 'Camille', 'Élodie', 'Anaïs', 'Renée', 'Noémie', 'Aurélie', 'Margaux',
  'Giulia', 'Chiara', 'Francesca', 'Alessia', 'Martina', 'Sofia', 'Valentina', 'Lucía', 'María', 'Paula',
  'Carmen', 'Elena', 'Irene', 'Ana', 'Beatriz', 'Inês', 'Mariana', 'Joana', 'Freya', 'Ingrid',
  'Astrid', 'Saga', 'Maja', 'Elsa', 'Linnea', 'Sigrid', 'Aoife', 'Siobhán', 'Niamh', 'Saoirse',
  'Róisín', 'Grace', 'Ella', 'Isla', 'Poppy', 'Evie', 'Ruby', 'Lily', 'Harper', 'Abigail',
  'Madison', 'Chloe', 'Natalie', 'Hailey', 'Zoey', 'Aaliyah', 'Priya', 'Ananya', 'Aisha', 'Fatima',
  'Yasmin', 'Leila', 'Mei', 'Yuki', 'Sakura', 'Hana', 'Ji-woo', 'Seo-yeon', 'Agnieszka', 'Katarzyna',
  'Małgorzata', 'Zuzana', 'Tereza', 'Kateřina', 'Dóra', 'Réka', 'Ioana', 'Andreea', 'Nadia', 'Amara',
];

export const MALE_FIRST_NAMES: readonly string[] = [
  'Liam', 'Noah', 'Oliver', 'James', 'William', 'Lucas', 'Benjamin', 'Henry', 'Alexander', 'Jack',
  'Thomas', 'Daniel', 'Matthew', 'Samuel', 'David', 'Joseph', 'Ethan', 'Michael', 'Leon', 'Paul',
  'Jonas', 'Felix', 'Maximilian', 'Lukas', 'Finn', 'Elias', 'Jürgen', 'Jörg', 'Björn', 'Søren',
  'Anders', 'Lars', 'Magnus', 'Erik', 'Olav', 'Sven', 'Hugo', 'Louis', 'Théo', 'Gabriel',
  'Raphaël', 'Jérôme', 'François', 'Étienne', 'Noël', 'Mathéo', 'Lorenzo', 'Leonardo', 'Francesco', 'Alessandro',
  'Matteo', 'Giuseppe', 'Marco', 'Luca', 'José', 'Javier', 'Alejandro', 'Pablo', 'Álvaro', 'Sergio',
  'Diego', 'Andrés', 'João', 'Tiago', 'Rodrigo', 'Gonçalo', 'Seán', 'Cian', 'Oisín', 'Pádraig',
  'Conor', 'Eoin', 'Ryan', 'Dylan', 'Tyler', 'Jayden', 'Carter', 'Wyatt', 'Mateo', 'Santiago',
  'Arjun', 'Rohan', 'Vikram', 'Omar', 'Ahmed', 'Yusuf', 'Karim', 'Hiroshi', 'Kenji', 'Min-jun',
  'Wei', 'Piotr', 'Krzysztof', 'Tomasz', 'Jakub', 'Ondřej', 'Bence', 'Zoltán', 'Andrei', 'Mihai',
];

export const LAST_NAMES: readonly string[] = [
  'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Miller', 'Davis', 'Wilson', 'Anderson', 'Taylor',
  'Moore', 'Jackson', 'Lee', 'Thompson', 'White', 'Harris', 'Clark', 'Lewis', 'Robinson', 'Walker',
  'Young', 'Allen', 'King', 'Wright', 'Scott', 'Hill', 'Green', 'Adams', 'Baker', 'Nelson',
  'Mitchell', 'Roberts', 'Turner', 'Phillips', 'Campbell', 'Parker', 'Evans', 'Edwards', 'Collins', 'Stewart',
  'Morris', 'Murphy', 'Cook', 'Rogers', "O'Brien", "O'Connor", "O'Neill", "O'Sullivan", "D'Angelo", "D'Souza",
  'McCarthy', 'MacDonald', 'Kelly', 'Byrne', 'Walsh', 'Ryan', 'Müller', 'Schmidt', 'Schneider', 'Fischer',
  'Weber', 'Meyer', 'Wagner', 'Becker', 'Schulz', 'Hoffmann', 'Schäfer', 'Koch', 'Bauer', 'Richter',
  'Klein', 'Wolf', 'Schröder', 'Neumann', 'Zimmermann', 'Krüger', 'Hartmann', 'Lange', 'Köhler', 'Jäger',
  'Groß', 'de Jong', 'Jansen', 'de Vries', 'van den Berg', 'van Dijk', 'Bakker', 'Janssen', 'Visser', 'Smit',
  'Meijer', 'de Boer', 'Mulder', 'de Groot', 'Bos', 'Vos', 'Peters', 'Hendriks', 'van Leeuwen', 'Dekker',
  'Martin', 'Bernard', 'Dubois', 'Petit', 'Durand', 'Leroy', 'Moreau', 'Simon', 'Laurent', 'Lefèvre',
  'Michel', 'Garnier', 'Faure', 'Rousseau', 'Blanc', 'Guérin', 'Boucher', 'Rossi', 'Russo', 'Ferrari',
  'Esposito', 'Bianchi', 'Romano', 'Colombo', 'Ricci', 'Marino', 'Greco', 'Bruno', 'Gallo', 'Conti',
  'De Luca', 'Mancini', 'García', 'Fernández', 'González', 'Rodríguez', 'López', 'Martínez', 'Sánchez', 'Pérez',
  'Gómez', 'Jiménez', 'Ruiz', 'Hernández', 'Díaz', 'Moreno', 'Muñoz', 'Álvarez', 'Silva', 'Santos',
  'Ferreira', 'Pereira', 'Oliveira', 'Costa', 'Gonçalves', 'Carvalho', 'Almeida', 'Ribeiro', 'Johansson', 'Andersson',
  'Karlsson', 'Nilsson', 'Eriksson', 'Larsson', 'Olsen', 'Hansen', 'Nielsen', 'Jensen', 'Pedersen', 'Sørensen',
  'Nowak', 'Kowalski', 'Wiśniewski', 'Wójcik', 'Kowalczyk', 'Novák', 'Svoboda', 'Dvořák', 'Nagy', 'Kovács',
  'Tóth', 'Szabó', 'Popescu', 'Ionescu', 'Yılmaz', 'Kaya', 'Demir', 'Şahin', 'Çelik', 'Patel',
  'Sharma', 'Singh', 'Kumar', 'Gupta', 'Khan', 'Ali', 'Hussain', 'Nguyen', 'Tran', 'Pham',
  'Kim', 'Park', 'Choi', 'Wang', 'Zhang', 'Liu', 'Chen', 'Tanaka', 'Suzuki', 'Takahashi',
];

const SPECIAL_LETTERS: Readonly<Record<string, string>> = {
  ß: 'ss', ø: 'o', æ: 'ae', œ: 'oe', ł: 'l', đ: 'd', ı: 'i',
};

/**
 * The ASCII e-mail form of a name: lower case, accents folded, everything but a–z dropped
 * (`O'Brien` → `obrien`, `Zoë` → `zoe`, `Groß` → `gross`, `van den Berg` → `vandenberg`).
 */
export function emailSlug(name: string): string {
  return name
    .toLowerCase()
    .replace(/[ßøæœłđı]/g, (c) => SPECIAL_LETTERS[c] ?? '')
    .normalize('NFD')
    .replace(/[^a-z]/g, '');
}
