#!/usr/bin/env python3
# Writes the seed corpora under fuzz/corpus/<target>/ (small files, committed).
# Each seed carries the parameter bytes the target reads first (see the layout
# comment at the top of each fuzz/<target>.cpp), then the payload. Re-running
# overwrites the seed-*.bin files only; inputs that libFuzzer added (named by
# their SHA-1) are left alone.
import datetime
import os
import sys

ROOT = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(ROOT)


def date3(y, m, d):
    """The 3 bytes FuzzInput::AnyDate() reads for this date (days since 1900-01-01)."""
    n = (datetime.date(y, m, d) - datetime.date(1900, 1, 1)).days
    return bytes([(n >> 16) & 0xFF, (n >> 8) & 0xFF, n & 0xFF])


REF = date3(2026, 1, 1)


def write(target, seeds):
    d = os.path.join(ROOT, "corpus", target)
    os.makedirs(d, exist_ok=True)
    for i, data in enumerate(seeds):
        with open(os.path.join(d, "seed-%02d.bin" % i), "wb") as f:
            f.write(data)


def nik():
    texts = [b"1702192905120001", b"1702 1929 0512 0001", b"170219.290512.0001",
             b"3273016501990001", b"5171046505900002", b"9101012501990001",
             b"3273013102200001", b"3273012902250001", b"1702192905120000",
             b"17021929051200011", b"1702x92905120001", b"-1702192905120001",
             b"1702  192905120001", b"", b"  1702192905120001  ", b"9973012501990001",
             b"3273018113990001", b"1702190000000001", b"1702192913120001"]
    seeds = [b"\x00" + REF + t for t in texts]
    seeds.append(b"\x01" + REF + date3(1999, 1, 25) + b"3273012501990001")
    seeds.append(b"\x01" + REF + date3(1899 + 101, 2, 29) + b"3273012902000001")
    return seeds


def kk():
    texts = [b"3273012501990001", b"3273 0125 0199 0001", b"5171042505640001",
             b"3273016501990000", b"3273012902240001", b"3273012902250001",
             b"3273013102200001", b"9101012501990001", b"3299012501990001",
             b"1234567890123456", b"32730125019900011", b""]
    seeds = [REF + b"\x00" + t for t in texts]
    member = b"3273016501990001"
    seeds.append(REF + b"\x02" + bytes([len(member)]) + member + b"\x04abcd" + member)
    return seeds


def region():
    texts = [b"15", b"15.71", b"15.71.01", b"15.71.01.1001", b"1571011001", b"157101",
             b"91.01", b"91.01.01", b"93.01", b"15.70", b"00", b"15..71", b" 15.03 ",
             b"99.99.99.9999", b"sarolangun", b"kab. sarolangun", b"kota jambi",
             b"prov jambi", b"kec pelayangan", b"desa", b"\xc3\xa9", b"15.71.01.4001"]
    seeds = [b"\x05" + t for t in texts]
    seeds += [b"\x45" + b"15", b"\x25" + b"kab", b"\x3f" + b"jambi"]
    return seeds


def roster():
    cols = ("IDBDT,NoUrutART,Nama,JnsKel,TglLahir,KdWilayah,IDARTBDT,NoKK,NIK,TmpLahir,"
            "Hub_KRT,Partisipasi_sekolah,Jenis_cacat,Ada_akta_lahir,Pendamping_disabilitas,"
            "Desil,NoPesertaPKH,Masalah")
    rows = [
        "H001,1,Budi,1,1980-05-12,15.71.01.1001,A1,1571012505800001,1571011205800001,Jambi,1,2,0,1,,3,PKH1,",
        "H001,3,Sari,2,2015-03-25,15.71.01.1001,A3,1571012505800001,1571016503150001,Jambi,3,1,0,0,,3,PKH1,kekerasan;penelantaran",
        "H002,1,\"Nama, dengan koma\",L,25-03-2012,1571011001,,,,,4,0,1,1,1,,,",
        "H003,0,X,3,0000-00-00,15.71,,,,,,,,,,11,,unknown",
        "H004,1,Y,P,2026-02-30,99.99.99.9999,,12345,1'; DROP TABLE children;--,,,,,,,,,",
    ]
    header = cols.encode() + b"\n"
    body = "\n".join(rows).encode() + b"\n"
    seeds = [
        b"\x0a" + REF + header + body,
        b"\x0b" + REF + body,
        b"\x0b" + REF + "\r\n".join(rows).encode(),
        b"\x0a" + REF + b"\xef\xbb\xbf" + header + b"H1,1,\"multi\nline\",1,2010-01-01,15.71.01.1001\n",
        b"\x0a" + REF + header + b"H1,1,\"unterminated,1\n",
        b"\x0a" + REF + header + b"H1,1,ab\"c,1\n",
        b"\x0a" + REF + header + b"H1,1,\xc3\x28,1\nH2,1,\x00,1\n",
        b"\x0a" + REF + b"IDBDT,NoUrutART,Nama\nx,y,z\n",
        b"\x0a" + REF + b"IDBDT,idbdt\n",
        b"\x00" + REF + b"a,b,c\n1,\"x, y\",\"say \"\"hi\"\"\"\n",
    ]
    return seeds


def rules():
    text = open(os.path.join(REPO, "data/rules/routing-default.json"), "rb").read()
    facts = b"\x00\x08\x00" + b"\x0c" + b"\x2a" + b"\x01"
    small = (b'{"format":"atensi.routing_rules/1","version":"t","effective_from":"2020-01-01",'
             b'"rules":[{"id":"a","description":"d","source":"s","order":1,'
             b'"when":{"all":[{"age_between":[0,17]},{"not":{"has_nik":true}}]},'
             b'"actions":[{"agency_type":"dukcapil","role":"informed","reason":"r"}]}]}')
    return [facts + text, facts + small, facts + b"{}", facts + b"[", facts + b'{"format":1}',
            b"\xff\xff\xff\x11\xff\x02" + small]


def registry():
    text = open(os.path.join(REPO, "data/agencies/jambi.json"), "rb").read()
    small = (b'{"format":"atensi.agencies/1","version":"t","effective_from":"2020-01-01",'
             b'"agencies":[{"id":"dinsos.15","name":"Dinas Sosial Provinsi Jambi",'
             b'"type":"provincial_social_service","level":"province",'
             b'"coverage":[{"from":"2020-01-01","regions":["15"]}]}]}')
    return [b"\x00" + REF + text, b"\x00" + REF + small, b"\x00" + REF + b"{}",
            b"\x00" + REF + b"null", b"\x00" + REF + b'{"format":"atensi.agencies/1"}']


def main():
    write("fuzz_nik", nik())
    write("fuzz_kk", kk())
    write("fuzz_region_code", region())
    write("fuzz_roster_csv", roster())
    write("fuzz_rules_loader", rules())
    write("fuzz_registry_loader", registry())
    if os.path.exists(os.path.join(ROOT, "capi_seeds.py")):
        sys.path.insert(0, ROOT)
        import capi_seeds  # noqa: E402
        write("fuzz_capi", capi_seeds.seeds())


if __name__ == "__main__":
    main()
