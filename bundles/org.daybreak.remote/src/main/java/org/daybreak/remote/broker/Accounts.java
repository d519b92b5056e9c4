package org.daybreak.remote.broker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.daybreak.remote.Wire;

/**
 * The broker's accounts: {@code NAME PASSWORD ROLE[,ROLE...]} per line of a users file (roles {@code submit},
 * {@code work}, {@code admin}; {@code #} starts a comment), or, without a file, one {@code admin} account whose
 * generated password is kept in {@code DIR/admin.password} (mode 600).
 */
public final class Accounts {
    public record Account(String name, String password, Set<String> roles) {
    }

    private final Map<String, Account> accounts = new LinkedHashMap<>();
    private final String note;

    private Accounts(String note) {
        this.note = note;
    }

    /** What the operator should be told about the accounts (one line), or null. */
    public String note() {
        return note;
    }

    public Map<String, Account> all() {
        return accounts;
    }

    public Set<String> roles(String user) {
        Account a = accounts.get(user);
        return a == null ? Set.of() : a.roles();
    }

    public static Accounts fromFile(Path file) throws IOException {
        if (!Files.isReadable(file)) {
            throw new IOException("cannot read the users file " + file);
        }
        Accounts a = new Accounts(null);
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\\s+");
            if (f.length != 3) {
                throw new IOException(file + " line " + (i + 1) + ": expected 'NAME PASSWORD ROLE[,ROLE...]'");
            }
            Set<String> roles = new LinkedHashSet<>();
            for (String r : f[2].split(",")) {
                if (!r.equals(Wire.ROLE_SUBMIT) && !r.equals(Wire.ROLE_WORK) && !r.equals(Wire.ROLE_ADMIN)) {
                    throw new IOException(file + " line " + (i + 1) + ": unknown role '" + r
                            + "' (roles: submit, work, admin)");
                }
                roles.add(r);
            }
            if (a.accounts.put(f[0], new Account(f[0], f[1], Set.copyOf(roles))) != null) {
                throw new IOException(file + " line " + (i + 1) + ": user '" + f[0] + "' appears twice");
            }
        }
        if (a.accounts.isEmpty()) {
            throw new IOException(file + " names no account");
        }
        return a;
    }

    /** The single admin account of a broker started without a users file; creates its password once. */
    public static Accounts generatedAdmin(Path dataDir) throws IOException {
        Path f = dataDir.resolve("admin.password");
        String note = null;
        if (!Files.isRegularFile(f)) {
            byte[] b = new byte[18];
            new SecureRandom().nextBytes(b);
            String pw = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(b);
            Files.writeString(f, pw + "\n", StandardCharsets.UTF_8);
            note = "created account 'admin'; its password is in " + f.toAbsolutePath() + " (mode 600)";
        }
        try {
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the file keeps the directory's permissions
        }
        String pw = Files.readAllLines(f, StandardCharsets.UTF_8).get(0).strip();
        Accounts a = new Accounts(note != null ? note : "account 'admin'; its password is in " + f.toAbsolutePath());
        a.accounts.put("admin", new Account("admin", pw, Set.of(Wire.ROLE_ADMIN, Wire.ROLE_SUBMIT, Wire.ROLE_WORK)));
        return a;
    }
}
