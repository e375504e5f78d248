// Frequent passwords (global leaks plus French favourites); compared lower-cased, with trailing
// digits and symbols stripped too ("Azerty123!" counts as "azerty").
const LIST = `123456 123456789 12345678 1234567890 password password1 password123 qwerty qwerty123 azerty azerty123
azertyuiop qwertyuiop 111111 000000 123123 abc123 iloveyou admin administrator administrateur welcome welcome1
letmein monkey dragon football baseball sunshine princess master shadow superman batman trustno1 starwars
motdepasse motdepasse1 soleil bonjour doudou chouchou loulou marseille paris nicolas thomas camille julien
vacances coucou jetaime chocolat celine amour bienvenue bienvenue1 marine pokemon naruto liverpool arsenal
changeme changemenow secret secret123 passw0rd p@ssw0rd p@ssword motdepasse123 korrigo korrigo123 ecole
lycee college professeur enseignant eleve etudiant education examen correction qwertz 987654321 654321
1q2w3e4r 1q2w3e4r5t 1qaz2wsx zaq12wsx q1w2e3r4 qazwsx asdfgh asdfghjkl zxcvbnm 147258369 159753 7777777
aaaaaa abcdef abcdefgh abcd1234 passwordpassword motdepassemotdepasse azertyazerty 123456789012 000000000000
111111111111 123412341234 121212121212 qwertyqwerty iloveyouiloveyou mot2passe mdp mdp123 admin123 root toor
user utilisateur guest invite test test123 demo demo123 school schoolschool teacher student`;

export const COMMON_PASSWORDS: ReadonlySet<string> = new Set(LIST.split(/\s+/).filter(Boolean));
