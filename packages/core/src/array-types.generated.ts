// GENERATED FILE, DO NOT EDIT. Read from pg_catalog.pg_type of PostgreSQL 15.20 with:
//   SELECT t.oid, t.typname, e.oid, e.typdelim FROM pg_type t JOIN pg_type e ON e.oid = t.typelem AND e.typarray = t.oid
//   WHERE t.oid < 10000 ORDER BY t.oid
// Built-in OIDs are fixed across versions.

/** Every built-in array type: array OID → [element OID, element delimiter] (`;` for box, else `,`). */
export const builtinArrayTypes: ReadonlyMap<number, readonly [element: number, delimiter: string]> = new Map<
  number,
  readonly [element: number, delimiter: string]
>([
  [143, [142, ',']], // _xml
  [199, [114, ',']], // _json
  [210, [71, ',']], // _pg_type
  [270, [75, ',']], // _pg_attribute
  [271, [5069, ',']], // _xid8
  [272, [81, ',']], // _pg_proc
  [273, [83, ',']], // _pg_class
  [629, [628, ',']], // _line
  [651, [650, ',']], // _cidr
  [719, [718, ',']], // _circle
  [775, [774, ',']], // _macaddr8
  [791, [790, ',']], // _money
  [1000, [16, ',']], // _bool
  [1001, [17, ',']], // _bytea
  [1002, [18, ',']], // _char
  [1003, [19, ',']], // _name
  [1005, [21, ',']], // _int2
  [1006, [22, ',']], // _int2vector
  [1007, [23, ',']], // _int4
  [1008, [24, ',']], // _regproc
  [1009, [25, ',']], // _text
  [1010, [27, ',']], // _tid
  [1011, [28, ',']], // _xid
  [1012, [29, ',']], // _cid
  [1013, [30, ',']], // _oidvector
  [1014, [1042, ',']], // _bpchar
  [1015, [1043, ',']], // _varchar
  [1016, [20, ',']], // _int8
  [1017, [600, ',']], // _point
  [1018, [601, ',']], // _lseg
  [1019, [602, ',']], // _path
  [1020, [603, ';']], // _box
  [1021, [700, ',']], // _float4
  [1022, [701, ',']], // _float8
  [1027, [604, ',']], // _polygon
  [1028, [26, ',']], // _oid
  [1034, [1033, ',']], // _aclitem
  [1040, [829, ',']], // _macaddr
  [1041, [869, ',']], // _inet
  [1115, [1114, ',']], // _timestamp
  [1182, [1082, ',']], // _date
  [1183, [1083, ',']], // _time
  [1185, [1184, ',']], // _timestamptz
  [1187, [1186, ',']], // _interval
  [1231, [1700, ',']], // _numeric
  [1263, [2275, ',']], // _cstring
  [1270, [1266, ',']], // _timetz
  [1561, [1560, ',']], // _bit
  [1563, [1562, ',']], // _varbit
  [2201, [1790, ',']], // _refcursor
  [2207, [2202, ',']], // _regprocedure
  [2208, [2203, ',']], // _regoper
  [2209, [2204, ',']], // _regoperator
  [2210, [2205, ',']], // _regclass
  [2211, [2206, ',']], // _regtype
  [2287, [2249, ',']], // _record
  [2949, [2970, ',']], // _txid_snapshot
  [2951, [2950, ',']], // _uuid
  [3221, [3220, ',']], // _pg_lsn
  [3643, [3614, ',']], // _tsvector
  [3644, [3642, ',']], // _gtsvector
  [3645, [3615, ',']], // _tsquery
  [3735, [3734, ',']], // _regconfig
  [3770, [3769, ',']], // _regdictionary
  [3807, [3802, ',']], // _jsonb
  [3905, [3904, ',']], // _int4range
  [3907, [3906, ',']], // _numrange
  [3909, [3908, ',']], // _tsrange
  [3911, [3910, ',']], // _tstzrange
  [3913, [3912, ',']], // _daterange
  [3927, [3926, ',']], // _int8range
  [4073, [4072, ',']], // _jsonpath
  [4090, [4089, ',']], // _regnamespace
  [4097, [4096, ',']], // _regrole
  [4192, [4191, ',']], // _regcollation
  [5039, [5038, ',']], // _pg_snapshot
  [6150, [4451, ',']], // _int4multirange
  [6151, [4532, ',']], // _nummultirange
  [6152, [4533, ',']], // _tsmultirange
  [6153, [4534, ',']], // _tstzmultirange
  [6155, [4535, ',']], // _datemultirange
  [6157, [4536, ',']], // _int8multirange
]);
