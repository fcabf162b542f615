package io.javagpu.magics.builtin;

import io.javagpu.display.Table;
import io.javagpu.magics.CommandMagic;
import io.javagpu.magics.Magic;
import io.javagpu.magics.MagicContext;
import picocli.CommandLine.Command;

import java.util.List;

/** %lsmagic: every magic with its line and cell forms and summary. */
@Command(name = "lsmagic", description = "List the available line and cell magics.")
public final class LsMagic extends CommandMagic {
    @Override
    protected Object run(MagicContext context) {
        context.display().display(table(context).toBundle().only(List.of("text/html")), null);
        for (String problem : context.registry().loadProblems()) context.err().println("Not loaded: " + problem);
        return null;
    }

    static Table table(MagicContext context) {
        Table.Builder table = Table.builder().columns("Line magic", "Cell magic", "Summary").maxRows(1000);
        for (Magic magic : context.registry().all()) {
            table.row(magic.isLineMagic() ? "%" + magic.name() : "",
                    magic.isCellMagic() ? "%%" + magic.name() : "",
                    magic.summary());
        }
        return table.build();
    }
}
