package dk.vagtcentral.server;

import java.io.PrintStream;

/** Lets tests in other packages call {@link Main#run}. */
public final class MainAccess {
    private MainAccess() {
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        return Main.run(args, out, err);
    }
}
