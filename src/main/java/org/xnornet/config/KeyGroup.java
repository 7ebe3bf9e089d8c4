package org.xnornet.config;

import java.util.List;

/** Keys that belong together, declared once by the package that owns them; commands take lists of groups. */
public record KeyGroup(String title, List<Key<?>> keys) {
    public KeyGroup {
        keys = List.copyOf(keys);
    }
}
