package io.javagpu.gpu;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The bindings considered and the CUDA libraries looked for, as %gpu info shows them under the chain. */
final class BindingViews {
    private BindingViews() {
    }

    static GpuTable bindings(ProbeFacts f) {
        GpuTable t = new GpuTable("CUDA bindings (JAVA_GPU_BINDING or %gpu binding auto|jcuda|foreign)",
                List.of("", "binding", "what", "status"));
        for (ProbeFacts.Binding b : f.bindings()) {
            String status = b.active() ? "active: " + b.reason() : b.available() ? "available" : "unavailable: " + b.whyNot();
            t.row(b.active() ? "●" : b.available() ? "○" : "✗", b.name(), b.description(), status);
        }
        return t;
    }

    static GpuTable libraries(ProbeFacts f) {
        GpuTable t = new GpuTable("CUDA libraries", List.of("", "library", "version", "path", "looked in / error"));
        for (ProbeFacts.Library l : f.libraries()) {
            String detail = l.error() != null ? l.error() : l.looked();
            if (!l.missingSymbols().isEmpty()) detail = "missing symbols: " + String.join(", ", l.missingSymbols()) + "; " + detail;
            t.row(l.loaded() ? "✓" : "✗", l.name(), l.version() == null ? "" : l.version(), l.path() == null ? "not found" : l.path(),
                    detail == null ? "" : detail);
        }
        return t;
    }

    static Map<String, Object> json(ProbeFacts f) {
        Map<String, Object> m = new LinkedHashMap<>();
        List<Object> bindings = new ArrayList<>();
        for (ProbeFacts.Binding b : f.bindings()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("name", b.name());
            x.put("available", b.available());
            x.put("active", b.active());
            x.put("reason", b.reason());
            x.put("whyNot", b.whyNot());
            bindings.add(x);
        }
        m.put("bindings", bindings);
        List<Object> libraries = new ArrayList<>();
        for (ProbeFacts.Library l : f.libraries()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("name", l.name());
            x.put("path", l.path());
            x.put("version", l.version());
            x.put("loaded", l.loaded());
            x.put("error", l.error());
            x.put("missingSymbols", l.missingSymbols());
            x.put("looked", l.looked());
            libraries.add(x);
        }
        m.put("libraries", libraries);
        m.put("sticky", f.sticky() == null ? null : f.sticky().name() + " (" + f.sticky().code() + ") in " + f.sticky().call());
        return m;
    }
}
