# Seed scripts for fuzz_capi (imported by seeds.py). Layout: see fuzz_capi.cpp.
def seeds():
    reg = bytes([0, 0x00, 1, 0])           # register a templated child (NIK 1, date 2015-05-05, 15.03.01.2001)
    reg2 = bytes([0, 0x01, 0, 1])          # another child, another NIK
    open_case = bytes([3, 0, 0])           # open a case for child 0
    act = lambda k: bytes([4, 0, k])       # act on case 0 with command template k
    stale = lambda k: bytes([0x84, 0, k])  # act at a stale version
    reads = bytes([7, 0])
    out = []
    out.append(reg + open_case + act(0) + bytes([4]) + act(1) + act(2) + reads + bytes([10]))
    out.append(reg + open_case + act(1) + act(6) + bytes([0]) + act(7) + bytes([0]) + stale(0) + reads)
    out.append(reg + reg2 + open_case + bytes([3, 1, 2]) + act(4) + bytes([0]) + act(5) + bytes([3]) + reads)
    out.append(reg + bytes([2, 0, 0x40, 0, 4]) + b"Nama" + bytes([9, 200, 10]))
    out.append(bytes([1, 40]) + b'{"id":"","nik":"0000","name":"x"}' + bytes([8, 16]) + b"1571014505150001")
    out.append(bytes([11, 16]) + b"1702192905120001" + bytes([11, 8]) + b"15.71.01")
    out.append(reg + open_case + act(9) + bytes([30]) + b'{"action":"close","reason":1}')
    return out
