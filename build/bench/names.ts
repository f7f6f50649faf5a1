import { type Random, between, pickOne } from './prng'

/**
 * Surnames, most common first (roughly the US census order, with the families of a mixed city
 * practice interleaved further down). Picked with a Zipf-like weight by rank.
 */
export const SURNAMES = [
  'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez',
  'Hernandez', 'Lopez', 'Gonzalez', 'Wilson', 'Anderson', 'Thomas', 'Taylor', 'Moore', 'Jackson', 'Martin',
  'Lee', 'Perez', 'Thompson', 'White', 'Harris', 'Nguyen', 'Sanchez', 'Clark', 'Ramirez', 'Lewis',
  'Robinson', 'Walker', 'Young', 'Patel', 'Allen', 'King', 'Wright', 'Scott', 'Torres', 'Hill',
  'Flores', 'Green', 'Adams', 'Nelson', 'Baker', 'Hall', 'Rivera', 'Campbell', 'Mitchell', 'Carter',
  'Roberts', 'Kim', 'Gomez', 'Phillips', 'Evans', 'Turner', 'Diaz', 'Parker', 'Cruz', 'Edwards',
  'Collins', 'Reyes', 'Stewart', 'Morris', 'Morales', 'Murphy', 'Cook', 'Rogers', 'Chen', 'Gutierrez',
  'Ortiz', 'Morgan', 'Cooper', 'Peterson', 'Bailey', 'Reed', 'Kelly', 'Howard', 'Ramos', 'Cox',
  'Ward', 'Richardson', 'Watson', 'Brooks', 'Chavez', 'Wood', 'James', 'Bennett', 'Gray', 'Mendoza',
  'Singh', 'Ruiz', 'Hughes', 'Price', 'Alvarez', 'Castillo', 'Sanders', 'Myers', 'Long', 'Ross',
  'Foster', 'Jimenez', 'Powell', 'Tran', 'Jenkins', 'Perry', 'Russell', 'Sullivan', 'Bell', 'Coleman',
  'Butler', 'Henderson', 'Barnes', 'Wang', 'Fisher', 'Vasquez', 'Simmons', 'Romero', 'Jordan', 'Patterson',
  'Alexander', 'Hamilton', 'Graham', 'Reynolds', 'Li', 'Griffin', 'Wallace', 'Moreno', 'West', 'Cole',
  'Hayes', 'Bryant', 'Herrera', 'Gibson', 'Ellis', 'Khan', 'Medina', 'Aguilar', 'Stevens', 'Murray',
  'Ford', 'Castro', 'Marshall', 'Owens', 'Harrison', 'Fernandez', 'McDonald', 'Woods', 'Washington', 'Kennedy',
  'Wells', 'Vargas', 'Henry', 'Shah', 'Freeman', 'Webb', 'Tucker', 'Guzman', 'Burns', 'Crawford',
  'Olson', 'Simpson', 'Porter', 'Hunter', 'Gordon', 'Mendez', 'Silva', 'Shaw', 'Snyder', 'Mason',
  'Dixon', 'Muñoz', 'Hunt', 'Hicks', 'Holmes', 'Palmer', 'Wagner', 'Black', 'Robertson', 'Boyd',
  "O'Brien", 'Rose', 'Stone', 'Salazar', 'Fox', 'Warren', 'Mills', 'Meyer', 'Rice', 'Schmidt',
  'Garza', 'Daniels', 'Ferguson', 'Nichols', 'Stephens', 'Soto', 'Weaver', 'Ryan', 'Gardner', 'Payne',
  'Grant', 'Dunn', 'Kelley', 'Spencer', 'Hawkins', 'Arnold', 'Pierce', 'Vazquez', 'Hansen', 'Peters',
  'Santos', 'Hart', 'Bradley', 'Knight', 'Elliott', 'Cunningham', 'Duncan', 'Armstrong', 'Hudson', 'Carroll',
  'Lane', 'Riley', 'Andrews', 'Alvarado', 'Ray', 'Delgado', 'Berry', 'Perkins', 'Hoffman', 'Johnston',
  'Matthews', 'Peña', 'Richards', 'Contreras', 'Willis', 'Carpenter', 'Lawrence', 'Sandoval', 'Guerrero', 'George',
  'Chapman', 'Rios', 'Estrada', 'Ortega', 'Watkins', 'Greene', 'Núñez', 'Wheeler', 'Valdez', 'Harper',
  'Burke', 'Larson', 'Santiago', 'Maldonado', 'Morrison', 'Franklin', 'Carlson', 'Austin', 'Dominguez', 'Carr',
  'Lawson', 'Jacobs', 'Lynch', 'Vega', 'Bishop', 'Montgomery', 'Oliver', 'Jensen', 'Harvey', 'Williamson',
  'Gilbert', 'Dean', 'Sims', 'Espinoza', 'Howell', 'Wong', 'Reid', 'Hanson', 'Le', 'McCoy',
  'Garrett', 'Burton', 'Fuller', 'Weber', 'Welch', 'Rojas', 'Lucas', 'Marquez', 'Fields', 'Park',
  'Yang', 'Little', 'Banks', 'Padilla', 'Day', 'Walsh', 'Bowman', 'Schultz', 'Luna', 'Fowler',
  'Zhang', 'Liu', 'Huang', 'Zhao', 'Wu', 'Zhou', 'Xu', 'Sun', 'Lin', 'Guo',
  'Pham', 'Huynh', 'Vo', 'Dang', 'Bui', 'Do', 'Ho', 'Ngo', 'Choi', 'Jung',
  'Kang', 'Cho', 'Yoon', 'Lim', 'Han', 'Oh', 'Shin', 'Kwon', 'Hwang', 'Ahn',
  'Tanaka', 'Sato', 'Suzuki', 'Takahashi', 'Watanabe', 'Nakamura', 'Kobayashi', 'Yamamoto', 'Ito', 'Kato',
  'Sharma', 'Gupta', 'Kumar', 'Reddy', 'Rao', 'Iyer', 'Nair', 'Menon', 'Das', 'Banerjee',
  'Ali', 'Ahmed', 'Hussain', 'Haddad', 'Hassan', 'Ibrahim', 'Mansour', 'Khoury', 'Yilmaz', 'Kaya',
  'Okafor', 'Okeke', 'Adeyemi', 'Nwosu', 'Mensah', 'Osei', 'Boateng', 'Mwangi', 'Otieno', 'Ndlovu',
  'Kowalski', 'Nowak', 'Wiśniewski', 'Novak', 'Horvat', 'Szabo', 'Nagy', 'Popescu', 'Ivanov', 'Petrov',
  'Müller', 'Schneider', 'Fischer', 'Becker', 'Schröder', 'Jansen', 'de Vries', 'van der Berg', 'Bakker', 'Visser',
  'Andersson', 'Johansson', 'Nielsen', 'Larsen', 'Lindqvist', 'Rossi', 'Russo', 'Ferrari', 'Esposito', 'Bianchi',
  'Dubois', 'Moreau', 'Laurent', 'Lefebvre', 'Girard', 'Oliveira', 'Souza', 'Pereira', 'Costa', 'Almeida',
  'Ferreira', 'Ribeiro', 'Araújo', 'MacLeod', 'MacDonald', "O'Connor", "O'Sullivan", 'Byrne', 'Doyle', 'Quinn',
  'Cohen', 'Levi', 'Friedman', 'Goldberg', 'Papadopoulos', 'Ngata', 'Parata', 'Te Whata', 'Tupou', "Fa'amausili",
]

/** First names, most common first. */
export const FIRST_NAMES = [
  'James', 'Mary', 'John', 'Patricia', 'Robert', 'Jennifer', 'Michael', 'Linda', 'William', 'Elizabeth',
  'David', 'Barbara', 'Richard', 'Susan', 'Joseph', 'Jessica', 'Thomas', 'Sarah', 'Charles', 'Karen',
  'Christopher', 'Lisa', 'Daniel', 'Nancy', 'Matthew', 'Emily', 'Anthony', 'Margaret', 'Mark', 'Sandra',
  'Olivia', 'Ashley', 'Steven', 'Kimberly', 'Paul', 'Emma', 'Andrew', 'Donna', 'Joshua', 'Michelle',
  'Liam', 'Amanda', 'Kenneth', 'Carol', 'Kevin', 'Melissa', 'Brian', 'Deborah', 'George', 'Stephanie',
  'Noah', 'Rebecca', 'Timothy', 'Sharon', 'Ronald', 'Laura', 'Edward', 'Cynthia', 'Jason', 'Kathleen',
  'Jeffrey', 'Amy', 'Ryan', 'Angela', 'Jacob', 'Shirley', 'Gary', 'Anna', 'Nicholas', 'Brenda',
  'Eric', 'Pamela', 'Jonathan', 'Nicole', 'Stephen', 'Helen', 'Larry', 'Samantha', 'Justin', 'Katherine',
  'Scott', 'Christine', 'Brandon', 'Debra', 'Benjamin', 'Rachel', 'Samuel', 'Carolyn', 'Gregory', 'Janet',
  'Alexander', 'Catherine', 'Frank', 'Maria', 'Patrick', 'Heather', 'Raymond', 'Diane', 'Jack', 'Ruth',
  'Dennis', 'Julie', 'Jerry', 'Joyce', 'Tyler', 'Virginia', 'Aaron', 'Victoria', 'José', 'Kelly',
  'Adam', 'Lauren', 'Nathan', 'Christina', 'Henry', 'Joan', 'Douglas', 'Evelyn', 'Zachary', 'Judith',
  'Peter', 'Megan', 'Kyle', 'Andrea', 'Ethan', 'Cheryl', 'Walter', 'Hannah', 'Jeremy', 'Jacqueline',
  'Christian', 'Martha', 'Keith', 'Gloria', 'Roger', 'Teresa', 'Terry', 'Ann', 'Gerald', 'Sara',
  'Harold', 'Madison', 'Sean', 'Frances', 'Austin', 'Kathryn', 'Carl', 'Janice', 'Arthur', 'Jean',
  'Lawrence', 'Abigail', 'Dylan', 'Alice', 'Jesse', 'Judy', 'Jordan', 'Sophia', 'Bryan', 'Grace',
  'Billy', 'Denise', 'Joe', 'Amber', 'Bruce', 'Doris', 'Gabriel', 'Marilyn', 'Logan', 'Danielle',
  'Albert', 'Beverly', 'Willie', 'Isabella', 'Alan', 'Theresa', 'Juan', 'Diana', 'Wayne', 'Natalie',
  'Elijah', 'Brittany', 'Randy', 'Charlotte', 'Roy', 'Marie', 'Vincent', 'Kayla', 'Ralph', 'Alexis',
  'Eugene', 'Lori', 'Russell', 'Ava', 'Bobby', 'Amelia', 'Mason', 'Mia', 'Philip', 'Harper',
  'Louis', 'Luna', 'Oliver', 'Chloe', 'Lucas', 'Layla', 'Levi', 'Zoe', 'Mateo', 'Nora',
  'Ezra', 'Aria', 'Asher', 'Ellie', 'Hudson', 'Stella', 'Wei', 'Mei', 'Jing', 'Xin',
  'Hiroshi', 'Yuki', 'Haruto', 'Sakura', 'Ji-woo', 'Min-jun', 'Seo-yeon', 'Minh', 'Linh', 'Anh',
  'Arjun', 'Priya', 'Rohan', 'Ananya', 'Aarav', 'Saanvi', 'Vikram', 'Deepa', 'Mohammed', 'Fatima',
  'Ahmed', 'Aisha', 'Omar', 'Noor', 'Ali', 'Zainab', 'Yusuf', 'Mariam', 'Hassan', 'Leila',
  'Kwame', 'Ama', 'Kofi', 'Abena', 'Chidi', 'Ngozi', 'Emeka', 'Amara', 'Thabo', 'Zanele',
  'Santiago', 'Valentina', 'Sebastián', 'Camila', 'Diego', 'Lucía', 'Joaquín', 'Sofía', 'João', 'Beatriz',
  'Matteo', 'Giulia', 'Luca', 'Chiara', 'Hugo', 'Camille', 'Mathis', 'Chloé', 'Léa', 'Élodie',
  'Lukas', 'Leonie', 'Finn', 'Freya', 'Lars', 'Ingrid', 'Sven', 'Astrid', 'Björn', 'Maja',
  'Niamh', 'Siobhan', 'Aoife', 'Ciarán', 'Oisín', 'Aroha', 'Tane', 'Wiremu', 'Anahera', 'Sione',
]

/** The short names people go by; a client with one of these first names often has it as preferred name. */
export const NICKNAMES: Record<string, readonly string[]> = {
  James: ['Jim', 'Jamie'], Robert: ['Bob', 'Rob'], John: ['Jack', 'Johnny'], Michael: ['Mike', 'Mick'],
  William: ['Bill', 'Will', 'Liam'], Elizabeth: ['Liz', 'Beth', 'Betty'], David: ['Dave'], Richard: ['Rick', 'Rich'],
  Joseph: ['Joe', 'Joey'], Thomas: ['Tom', 'Tommy'], Christopher: ['Chris'], Daniel: ['Dan', 'Danny'],
  Matthew: ['Matt'], Anthony: ['Tony'], Margaret: ['Maggie', 'Peggy'], Patricia: ['Pat', 'Trish'],
  Jennifer: ['Jen', 'Jenny'], Jessica: ['Jess'], Katherine: ['Kate', 'Kathy'], Kathryn: ['Kate'],
  Catherine: ['Cathy'], Alexander: ['Alex', 'Sasha'], Benjamin: ['Ben'], Samuel: ['Sam'], Samantha: ['Sam'],
  Nicholas: ['Nick'], Jonathan: ['Jon'], Rebecca: ['Becky'], Victoria: ['Tori', 'Vicky'], Isabella: ['Bella'],
  Charlotte: ['Charlie', 'Lottie'], Timothy: ['Tim'], Edward: ['Ed', 'Ted'], Gregory: ['Greg'], Stephanie: ['Steph'],
  Jacqueline: ['Jackie'], Abigail: ['Abby'], Oliver: ['Ollie'], Elijah: ['Eli'], Sophia: ['Sophie'],
  Zachary: ['Zach'], Nathan: ['Nate'], Andrew: ['Andy', 'Drew'], Kenneth: ['Ken'], Steven: ['Steve'],
  Ronald: ['Ron'], Lawrence: ['Larry'], Deborah: ['Debbie'], Cynthia: ['Cindy'], Pamela: ['Pam'],
  Susan: ['Sue', 'Suzy'], Natalie: ['Nat'], Alexis: ['Lexi'], Christina: ['Tina'], Kimberly: ['Kim'],
  Mohammed: ['Mo'], Valentina: ['Vale'], Santiago: ['Santi'], Sebastián: ['Seba'], 'Ji-woo': ['Jiwoo'],
}

const ONSETS = ['b', 'br', 'c', 'ch', 'd', 'dr', 'f', 'g', 'gr', 'h', 'j', 'k', 'kr', 'l', 'm', 'n', 'p', 'pr', 'r', 's', 'sh', 'st', 't', 'th', 'tr', 'v', 'w', 'y', 'z']
const VOWELS = ['a', 'e', 'i', 'o', 'u', 'a', 'e', 'o', 'ai', 'ea', 'ou', 'ie', 'y']
const CODAS = ['', '', '', 'n', 'r', 'l', 's', 'm', 'nd', 'rt', 'ck', 'th', 'x', 'nn', 'll']
const SURNAME_ENDINGS = ['', '', '', 'son', 'sen', 'ez', 'ski', 'ova', 'ini', 'berg', 'ford', 'ley', 'ton', 'wood', 'mann', 'elli', 'ian', 'escu', 'oglu', 'idis', 'ishvili', 'stein', 'ström', 'ayo']
const FIRST_ENDINGS = ['', '', 'a', 'o', 'ie', 'ah', 'el', 'en', 'is', 'ia', 'on']

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1)
const syllable = (rand: Random) => pickOne(rand, ONSETS) + pickOne(rand, VOWELS) + pickOne(rand, CODAS)

/** A made-up but pronounceable surname: the long tail of families seen once or twice in a practice. */
export function rareSurname(rand: Random): string {
  let name = ''
  for (let i = between(rand, 1, 3); i > 0; i--) name += syllable(rand)
  return capitalise(name + pickOne(rand, SURNAME_ENDINGS))
}

/** A made-up first name, for the long tail of given names. */
export function rareFirstName(rand: Random): string {
  let name = ''
  for (let i = between(rand, 1, 2); i > 0; i--) name += syllable(rand)
  return capitalise(name + pickOne(rand, FIRST_ENDINGS))
}

/** Lower-case ASCII letters and digits only, for usernames and email addresses: "Núñez" → "nunez". */
export const asciiHandle = (s: string) =>
  s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^a-z0-9]/g, '')
