package dev.laurel.programs.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;

/** The fields whose values differ between two stored forms of a program, by path ({@code pointDefinitions[0].name}). */
public final class Changes {

    private Changes() {}

    /** At most {@code listedMax} paths, then one entry saying how many more. */
    public static List<String> between(JsonNode before, JsonNode after, int listedMax) {
        List<String> paths = new ArrayList<>();
        diff(before, after, "", paths);
        if (paths.size() > listedMax) {
            int more = paths.size() - listedMax;
            paths = new ArrayList<>(paths.subList(0, listedMax));
            paths.add("and " + more + " more");
        }
        return paths;
    }

    private static void diff(JsonNode a, JsonNode b, String path, List<String> out) {
        if (a != null && b != null && a.isObject() && b.isObject()) {
            Set<String> names = new TreeSet<>(a.propertyNames());
            names.addAll(b.propertyNames());
            for (String name : names) {
                diff(a.get(name), b.get(name), path.isEmpty() ? name : path + "." + name, out);
            }
        } else if (a != null && b != null && a.isArray() && b.isArray()) {
            for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
                diff(i < a.size() ? a.get(i) : null, i < b.size() ? b.get(i) : null, path + "[" + i + "]", out);
            }
        } else if (!Objects.equals(a, b)) {
            out.add(path);
        }
    }
}
