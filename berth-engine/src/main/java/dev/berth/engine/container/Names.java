package dev.berth.engine.container;

import dev.berth.oci.error.BerthException;
import java.security.SecureRandom;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Container names: docker's grammar ({@code [a-zA-Z0-9][a-zA-Z0-9_.-]+}, stored with a leading {@code /}) and its
 * generated names, an adjective and a notable scientist or hacker ({@code focused_turing}), after moby's
 * {@code pkg/namesgenerator} (which never makes {@code boring_wozniak}).
 */
public final class Names {
    private static final Pattern VALID = Pattern.compile("/?[a-zA-Z0-9][a-zA-Z0-9_.-]+");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final List<String> LEFT = List.of("admiring", "adoring", "affectionate", "agitated", "amazing",
            "angry", "awesome", "beautiful", "blissful", "bold", "boring", "brave", "busy", "charming", "clever",
            "compassionate", "competent", "condescending", "confident", "cool", "cranky", "crazy", "dazzling",
            "determined", "distracted", "dreamy", "eager", "ecstatic", "elastic", "elated", "elegant", "eloquent",
            "epic", "exciting", "fervent", "festive", "flamboyant", "focused", "friendly", "frosty", "funny",
            "gallant", "gifted", "goofy", "gracious", "great", "happy", "hardcore", "heuristic", "hopeful", "hungry",
            "infallible", "inspiring", "intelligent", "interesting", "jolly", "jovial", "keen", "kind", "laughing",
            "loving", "lucid", "magical", "modest", "musing", "mystifying", "naughty", "nervous", "nice", "nifty",
            "nostalgic", "objective", "optimistic", "peaceful", "pedantic", "pensive", "practical", "priceless",
            "quirky", "quizzical", "recursing", "relaxed", "reverent", "romantic", "sad", "serene", "sharp", "silly",
            "sleepy", "stoic", "strange", "stupefied", "suspicious", "sweet", "tender", "thirsty", "trusting",
            "unruffled", "upbeat", "vibrant", "vigilant", "vigorous", "wizardly", "wonderful", "xenodochial",
            "youthful", "zealous", "zen");
    private static final List<String> RIGHT = List.of("agnesi", "albattani", "allen", "almeida", "archimedes",
            "ardinghelli", "aryabhata", "austin", "babbage", "banach", "bardeen", "bartik", "bassi", "bell", "bhabha",
            "bhaskara", "blackwell", "bohr", "booth", "borg", "bose", "boyd", "brahmagupta", "brattain", "brown",
            "carson", "chandrasekhar", "chatelet", "clarke", "colden", "cori", "cray", "curie", "darwin", "davinci",
            "dijkstra", "dubinsky", "easley", "einstein", "elion", "engelbart", "euclid", "euler", "fermat", "fermi",
            "feynman", "franklin", "galileo", "gates", "goldberg", "goldstine", "goldwasser", "golick", "goodall",
            "haibt", "hamilton", "hawking", "heisenberg", "hermann", "hodgkin", "hoover", "hopper", "hugle",
            "hypatia", "jackson", "jang", "jennings", "jepsen", "johnson", "joliot", "jones", "kalam", "kapitsa",
            "kare", "keldysh", "keller", "kepler", "khorana", "kilby", "kirch", "knuth", "kowalevski", "lalande",
            "lamarr", "lamport", "leakey", "leavitt", "lederberg", "lehmann", "lewin", "lichterman", "liskov",
            "lovelace", "lumiere", "mahavira", "margulis", "matsumoto", "maxwell", "mayer", "mccarthy", "mcclintock",
            "mclean", "mcnulty", "meitner", "mendel", "mendeleev", "merkle", "mestorf", "mirzakhani", "moore",
            "morse", "murdock", "napier", "nash", "neumann", "newton", "nightingale", "nobel", "noether", "northcutt",
            "noyce", "panini", "pare", "pascal", "pasteur", "payne", "perlman", "pike", "poincare", "poitras",
            "ptolemy", "raman", "ramanujan", "ride", "ritchie", "robinson", "roentgen", "rosalind", "rubin", "saha",
            "sammet", "shamir", "shannon", "shaw", "shirley", "shockley", "sinoussi", "snyder", "spence", "stallman",
            "stonebraker", "swanson", "swartz", "swirles", "tesla", "thompson", "torvalds", "tu", "turing",
            "varahamihira", "villani", "visvesvaraya", "volhard", "wescoff", "wiles", "williams", "wilson", "wing",
            "wozniak", "wright", "wu", "yalow", "yonath", "zhukovsky");

    private Names() {}

    /** A random docker-style name; {@code retry} > 0 appends a digit, as moby does after a collision. */
    public static String generate(int retry) {
        while (true) {
            String name = LEFT.get(RANDOM.nextInt(LEFT.size())) + "_" + RIGHT.get(RANDOM.nextInt(RIGHT.size()));
            if (name.equals("boring_wozniak")) {
                continue; // Steve Wozniak is not boring (moby's rule).
            }
            return retry > 0 ? name + RANDOM.nextInt(10) : name;
        }
    }

    /** {@code name} with its leading slash, or INVALID_ARGUMENT with docker's message. */
    public static String canonical(String name) {
        if (!VALID.matcher(name).matches()) {
            throw BerthException.invalid("Invalid container name (" + name + "), only [a-zA-Z0-9][a-zA-Z0-9_.-] are"
                    + " allowed");
        }
        return name.startsWith("/") ? name : "/" + name;
    }
}
