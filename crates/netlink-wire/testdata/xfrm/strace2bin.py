import re,sys
# Reads strace -xx output; writes every netlink message of the chosen syscalls (send or recv) as raw bytes.
FL={'NLM_F_REQUEST':1,'NLM_F_MULTI':2,'NLM_F_ACK':4,'NLM_F_ECHO':8,'NLM_F_DUMP_INTR':0x10,'NLM_F_DUMP_FILTERED':0x20,
    'NLM_F_ROOT':0x100,'NLM_F_MATCH':0x200,'NLM_F_ATOMIC':0x400,'NLM_F_DUMP':0x300,'NLM_F_REPLACE':0x100,'NLM_F_EXCL':0x200,'NLM_F_CREATE':0x400,'NLM_F_APPEND':0x800,'NLM_F_CAPPED':0x100,'NLM_F_ACK_TLVS':0x200}
TY={'NLMSG_ERROR':2,'NLMSG_DONE':3,'NLMSG_NOOP':1}
want=sys.argv[1]; out=open(sys.argv[2],'wb')
hdr=re.compile(r'\{nlmsg_len=(\d+), nlmsg_type=([^,]+?)(?: /\*.*?\*/)?, nlmsg_flags=([^,]+), nlmsg_seq=(\d+), nlmsg_pid=(\d+)\}(?:, "((?:\\x[0-9a-f]{2})*)")?')
import struct
for line in sys.stdin:
    if not line.lstrip().split('(')[0].endswith(want) and not re.match(r'^(\[pid \d+\] )?'+want, line): continue
    for m in hdr.finditer(line):
        ln,ty,fl,seq,pid,data=m.groups()
        t=int(ty,0) if ty[0].isdigit() else TY[ty]
        f=0
        for part in fl.split('|'):
            part=part.strip()
            f|= int(part,0) if part[0].isdigit() else FL[part]
        payload=bytes.fromhex((data or '').replace('\\x',''))
        b=struct.pack('=IHHII',int(ln),t,f,int(seq),int(pid))+payload
        b=b+b"\0"*max(0,int(ln)-len(b)); b=b+b"\0"*((4-len(b)%4)%4)
        out.write(b)
