"""Special families (计生特殊家庭): who may see and change them, and the person's rights."""
