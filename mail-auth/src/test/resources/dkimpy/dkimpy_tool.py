"""Signs or verifies a message read from stdin with dkimpy (Debian's python3-dkim), asking the loopback
test DNS server for keys.

  dkimpy_tool.py verify DNS_PORT            -> one line per DKIM-Signature: pass or fail
  dkimpy_tool.py sign DOMAIN SELECTOR KEY_FILE ALGORITHM [CANONICALIZATION [length]]
                                            -> the DKIM-Signature field to put on top
  dkimpy_tool.py arc-verify DNS_PORT        -> the ARC chain result: pass, fail or none
  dkimpy_tool.py arc-sign DOMAIN SELECTOR KEY_FILE AUTHSERV_ID
                                            -> the next ARC set (from the Authentication-Results of AUTHSERV_ID)
"""
import sys

import dkim
import dns.message
import dns.query
import dns.rdatatype


def txt_from(port):
    def lookup(name, timeout=5):
        query = dns.message.make_query(name.decode() if isinstance(name, bytes) else name, dns.rdatatype.TXT)
        response = dns.query.udp(query, "127.0.0.1", timeout=timeout, port=port)
        for answer in response.answer:
            if answer.rdtype == dns.rdatatype.TXT:
                return b"".join(list(answer.items)[0].strings)
        return None
    return lookup


def main():
    command = sys.argv[1]
    message = sys.stdin.buffer.read()
    if command == "verify":
        lookup = txt_from(int(sys.argv[2]))
        signer = dkim.DKIM(message, minkey=1024)
        count = len([h for h in signer.headers if h[0].lower() == b"dkim-signature"])
        for index in range(count):
            try:
                print("pass" if signer.verify(idx=index, dnsfunc=lookup) else "fail")
            except dkim.ValidationError:
                print("fail")
    elif command == "sign":
        domain, selector, key_file, algorithm = sys.argv[2:6]
        canonicalization = (sys.argv[6] if len(sys.argv) > 6 else "relaxed/relaxed").encode().split(b"/")
        length = len(sys.argv) > 7 and sys.argv[7] == "length"
        with open(key_file, "rb") as key:
            private_key = key.read()
        signature = dkim.sign(message, selector.encode(), domain.encode(), private_key,
                              signature_algorithm=algorithm.encode(), canonicalize=tuple(canonicalization),
                              include_headers=[b"from", b"to", b"subject", b"date"], length=length)
        sys.stdout.buffer.write(signature)
    elif command == "arc-sign":
        domain, selector, key_file, authserv_id = sys.argv[2:6]
        with open(key_file, "rb") as key:
            private_key = key.read()
        for field in dkim.arc_sign(message, selector.encode(), domain.encode(), private_key, authserv_id.encode()):
            sys.stdout.buffer.write(field)
    elif command == "arc-verify":
        result, _, reason = dkim.arc_verify(message, dnsfunc=txt_from(int(sys.argv[2])))
        # dkimpy 1.1 answers None for a chain that a cv=fail seal ended
        print((result or b"fail").decode(), reason)
    else:
        sys.exit("unknown command " + command)


if __name__ == "__main__":
    main()
