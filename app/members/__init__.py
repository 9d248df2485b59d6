"""The member roll (会员名册): checking, adding and changing members, their groups, search, Excel and print."""
