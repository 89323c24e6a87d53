package dev.mailserver.auth.spf;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed SPF record (RFC 7208 sections 4.6 and 12). Any syntax error anywhere makes the whole record a
 * permerror, before anything of it is evaluated.
 */
record SpfRecord(List<Directive> directives, Optional<String> redirect, Optional<String> explanation) {
    private static final Pattern MODIFIER = Pattern.compile("([A-Za-z][A-Za-z0-9\\-_.]*)=(.*)");
    private static final Pattern DIRECTIVE = Pattern.compile("([+\\-~?]?)([A-Za-z][A-Za-z0-9\\-_.]*)(.*)");
    private static final Pattern DUAL_CIDR = Pattern.compile("(.*?)(?:/(0|[1-9][0-9]?))?(?://(0|[1-9][0-9]{0,2}))?");
    private static final Pattern TOP_LABEL = Pattern.compile("(?i)([a-z0-9]*[a-z][a-z0-9]*|[a-z0-9]+-[a-z0-9\\-]*[a-z0-9])");

    enum Mechanism { ALL, INCLUDE, A, MX, PTR, IP4, IP6, EXISTS }

    /**
     * @param domainSpec the target (unexpanded), empty for "the current domain"
     * @param ip4Prefix the IPv4 prefix length (a, mx, ip4), 32 when not given
     * @param ip6Prefix the IPv6 prefix length (a, mx, ip6), 128 when not given
     */
    record Directive(SpfResult qualifier, Mechanism mechanism, String domainSpec, int ip4Prefix, int ip6Prefix, String text) {
        boolean queriesDns() {
            return switch (mechanism) {
                case INCLUDE, A, MX, PTR, EXISTS -> true;
                default -> false;
            };
        }
    }

    static boolean isSpfRecord(String text) {
        return text.regionMatches(true, 0, "v=spf1", 0, 6) && (text.length() == 6 || text.charAt(6) == ' ');
    }

    static SpfRecord parse(String text) {
        List<Directive> directives = new ArrayList<>();
        String redirect = null;
        String explanation = null;
        String[] terms = text.substring(6).split(" ");
        for (String term : terms) {
            if (term.isEmpty()) {
                continue;
            }
            Matcher modifier = MODIFIER.matcher(term);
            if (modifier.matches()) {
                String name = modifier.group(1).toLowerCase(Locale.ROOT);
                String value = modifier.group(2);
                SpfMacros.checkSyntax(value, false);
                if (name.equals("redirect")) {
                    if (redirect != null) {
                        throw SpfAbort.permerror("redirect= is given twice");
                    }
                    checkDomainSpec(value, term);
                    redirect = value;
                } else if (name.equals("exp")) {
                    if (explanation != null) {
                        throw SpfAbort.permerror("exp= is given twice");
                    }
                    checkDomainSpec(value, term);
                    explanation = value;
                }
                continue;
            }
            directives.add(directive(term));
        }
        return new SpfRecord(directives, Optional.ofNullable(redirect), Optional.ofNullable(explanation));
    }

    boolean hasAll() {
        return directives.stream().anyMatch(directive -> directive.mechanism() == Mechanism.ALL);
    }

    private static Directive directive(String term) {
        Matcher matcher = DIRECTIVE.matcher(term);
        if (!matcher.matches()) {
            throw SpfAbort.permerror("\"" + term + "\" is not a mechanism");
        }
        SpfResult qualifier = switch (matcher.group(1)) {
            case "-" -> SpfResult.FAIL;
            case "~" -> SpfResult.SOFTFAIL;
            case "?" -> SpfResult.NEUTRAL;
            default -> SpfResult.PASS;
        };
        String name = matcher.group(2).toLowerCase(Locale.ROOT);
        String rest = matcher.group(3);
        Mechanism mechanism = switch (name) {
            case "all" -> Mechanism.ALL;
            case "include" -> Mechanism.INCLUDE;
            case "a" -> Mechanism.A;
            case "mx" -> Mechanism.MX;
            case "ptr" -> Mechanism.PTR;
            case "ip4" -> Mechanism.IP4;
            case "ip6" -> Mechanism.IP6;
            case "exists" -> Mechanism.EXISTS;
            default -> throw SpfAbort.permerror("unknown mechanism \"" + term + "\"");
        };
        return switch (mechanism) {
            case ALL -> {
                if (!rest.isEmpty()) {
                    throw SpfAbort.permerror("\"" + term + "\" takes no argument");
                }
                yield new Directive(qualifier, mechanism, "", 32, 128, term);
            }
            case INCLUDE, EXISTS -> {
                String spec = requiredArgument(rest, term);
                yield new Directive(qualifier, mechanism, spec, 32, 128, term);
            }
            case PTR -> {
                String spec = rest.isEmpty() ? "" : requiredArgument(rest, term);
                yield new Directive(qualifier, mechanism, spec, 32, 128, term);
            }
            case A, MX -> {
                Matcher cidr = DUAL_CIDR.matcher(rest);
                if (!cidr.matches()) {
                    throw SpfAbort.permerror("bad CIDR length in \"" + term + "\"");
                }
                String spec = cidr.group(1).isEmpty() ? "" : requiredArgument(cidr.group(1), term);
                yield new Directive(qualifier, mechanism, spec, prefix(cidr.group(2), 32, term), prefix(cidr.group(3), 128, term), term);
            }
            case IP4, IP6 -> {
                if (!rest.startsWith(":")) {
                    throw SpfAbort.permerror("\"" + term + "\" needs an address");
                }
                String argument = rest.substring(1);
                int slash = argument.indexOf('/');
                String address = slash < 0 ? argument : argument.substring(0, slash);
                boolean four = mechanism == Mechanism.IP4;
                String length = slash < 0 ? null : argument.substring(slash + 1);
                if (length != null && !length.matches(four ? "0|[1-9][0-9]?" : "0|[1-9][0-9]{0,2}")) {
                    throw SpfAbort.permerror("bad CIDR length in \"" + term + "\"");
                }
                if (four ? !IpLiterals.isIpv4(address) : !IpLiterals.isIpv6(address)) {
                    throw SpfAbort.permerror("\"" + address + "\" is not an IPv" + (four ? 4 : 6) + " address");
                }
                int prefix = prefix(length, four ? 32 : 128, term);
                yield new Directive(qualifier, mechanism, address, four ? prefix : 32, four ? 128 : prefix, term);
            }
        };
    }

    private static String requiredArgument(String rest, String term) {
        if (!rest.startsWith(":") || rest.length() == 1) {
            throw SpfAbort.permerror("\"" + term + "\" needs a domain");
        }
        String spec = rest.substring(1);
        SpfMacros.checkSyntax(spec, false);
        checkDomainSpec(spec, term);
        return spec;
    }

    /** domain-end: a top label that is not all digits, or a macro (RFC 7208 section 7.1). */
    private static void checkDomainSpec(String spec, String term) {
        if (spec.endsWith("}")) {
            return;
        }
        String trimmed = spec.endsWith(".") ? spec.substring(0, spec.length() - 1) : spec;
        int dot = trimmed.lastIndexOf('.');
        if (dot < 0 || !TOP_LABEL.matcher(trimmed.substring(dot + 1)).matches()) {
            throw SpfAbort.permerror("\"" + term + "\" does not name a domain");
        }
    }

    private static int prefix(String digits, int maximum, String term) {
        if (digits == null) {
            return maximum;
        }
        int value = Integer.parseInt(digits);
        if (value > maximum) {
            throw SpfAbort.permerror("CIDR length /" + value + " is too long in \"" + term + "\"");
        }
        return value;
    }
}
